import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Thrift } from 'thriftrw';

/**
 * The Jaeger Thrift IDL (jaeger-idl's jaeger.thrift), as shipped in jaeger-client: the same file
 * @opentelemetry/exporter-jaeger encodes its batches with.
 */
const JAEGER_CLIENT_SRC = join(dirname(require.resolve('jaeger-client/package.json')), 'dist', 'src');
const JAEGER_THRIFT = join(JAEGER_CLIENT_SRC, 'jaeger-idl', 'thrift', 'jaeger.thrift');
/** agent.thrift's Agent service (emitBatch), which includes jaeger.thrift: what the UDP sender writes. */
const AGENT_THRIFT = join(JAEGER_CLIENT_SRC, 'thriftrw-idl', 'agent.thrift');

const jaeger = new Thrift({ source: readFileSync(JAEGER_THRIFT, 'ascii'), allowOptionalArguments: true });
const agent = new Thrift({ entryPoint: AGENT_THRIFT, allowFilesystemAccess: true, allowOptionalArguments: true });

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

/**
 * Decodes an Agent.emitBatch message in the Thrift binary protocol (one UDP datagram, as Jaeger's
 * agent reads on 6832); throws with thriftrw's reason when it is not one.
 */
export function decodeBinaryEmitBatch(datagram: Buffer): ThriftBatch {
  const result = agent.Agent.emitBatch.argumentsMessageRW.readFrom(datagram, 0);
  if (result.err) throw result.err;
  const message = result.value as { name: string; body: { batch?: ThriftBatch } };
  if (message.name !== 'emitBatch' || !message.body.batch) throw new Error(`expected an emitBatch call, got "${message.name}"`);
  return message.body.batch;
}

/** Decodes a Thrift binary-protocol Batch; throws with thriftrw's reason when it is not one. */
export function decodeBatch(body: Buffer): ThriftBatch {
  const result = jaeger.Batch.rw.fromBuffer(body);
  if (result.err) throw result.err;
  return result.value as ThriftBatch;
}
