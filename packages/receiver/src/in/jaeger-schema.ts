import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Thrift } from 'thriftrw';

/**
 * The Jaeger Thrift IDL (jaeger-idl's jaeger.thrift), as shipped in jaeger-client: the same file
 * @opentelemetry/exporter-jaeger encodes its batches with.
 */
const JAEGER_THRIFT = join(dirname(require.resolve('jaeger-client/package.json')), 'dist', 'src', 'jaeger-idl', 'thrift', 'jaeger.thrift');

const jaeger = new Thrift({ source: readFileSync(JAEGER_THRIFT, 'ascii'), allowOptionalArguments: true });

export const TagType = jaeger.TagType as Record<string, string>;
export const SpanRefType = jaeger.SpanRefType as Record<string, string>;

export interface ThriftTag {
  key: string;
  vType: string;
  vStr?: string | null;
  vDouble?: number | null;
  vBool?: boolean | null;
  vLong?: Buffer | null;
  vBinary?: Buffer | null;
}

export interface ThriftSpan {
  traceIdLow: Buffer;
  traceIdHigh: Buffer;
  spanId: Buffer;
  parentSpanId: Buffer;
  operationName: string;
  references?: Array<{ refType: string; traceIdLow: Buffer; traceIdHigh: Buffer; spanId: Buffer }> | null;
  flags: number;
  startTime: Buffer;
  duration: Buffer;
  tags?: ThriftTag[] | null;
  logs?: Array<{ timestamp: Buffer; fields: ThriftTag[] }> | null;
}

export interface ThriftBatch {
  process: { serviceName: string; tags?: ThriftTag[] | null };
  spans: ThriftSpan[];
}

/** Decodes a Thrift binary-protocol Batch; throws with thriftrw's reason when it is not one. */
export function decodeBatch(body: Buffer): ThriftBatch {
  const result = jaeger.Batch.rw.fromBuffer(body);
  if (result.err) throw result.err;
  return result.value as ThriftBatch;
}
