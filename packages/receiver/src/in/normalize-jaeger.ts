import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  ATTR_OTEL_SCOPE_NAME,
  ATTR_OTEL_SCOPE_VERSION,
  ATTR_OTEL_STATUS_CODE,
  ATTR_OTEL_STATUS_DESCRIPTION,
  ATTR_SERVICE_NAME,
  OTEL_STATUS_CODE_VALUE_ERROR,
  OTEL_STATUS_CODE_VALUE_OK,
} from '@opentelemetry/semantic-conventions';
import { ATTR_OTEL_LIBRARY_NAME, ATTR_OTEL_LIBRARY_VERSION } from '@opentelemetry/semantic-conventions/incubating';
import { SpanRefType, TagType, type ThriftBatch, type ThriftSpan, type ThriftTag } from './jaeger-schema';
import { durationMs } from '../span-time';
import type { AttributeValue, Attributes, Protocol, ReceivedLink, ReceivedSpan } from '../types';

/** OpenTracing tags that Jaeger exporters use for what OTLP has fields for. */
const TAG_SPAN_KIND = 'span.kind';
const TAG_ERROR = 'error';
/** The Jaeger event name field of a log. */
const LOG_EVENT = 'event';

const SPAN_KINDS: Record<string, SpanKind> = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
  internal: SpanKind.INTERNAL,
};

/** Tags moved into kind, status and scope, so not repeated as attributes. */
const CONSUMED_TAGS = new Set([
  TAG_SPAN_KIND,
  TAG_ERROR,
  ATTR_OTEL_STATUS_CODE,
  ATTR_OTEL_STATUS_DESCRIPTION,
  ATTR_OTEL_LIBRARY_NAME,
  ATTR_OTEL_LIBRARY_VERSION,
  ATTR_OTEL_SCOPE_NAME,
  ATTR_OTEL_SCOPE_VERSION,
]);

const MICROS_TO_NANOS = 1000n;

function hex(id: Buffer): string {
  return id.toString('hex').padStart(16, '0');
}

/** Jaeger splits a 128-bit trace id into two i64 halves. */
function traceIdHex(high: Buffer, low: Buffer): string {
  return hex(high) + hex(low);
}

function isZero(id: Buffer | null | undefined): boolean {
  return !id || id.every((byte) => byte === 0);
}

/** A Thrift i64, which thriftrw hands over as 8 big-endian bytes. */
function int64(value: Buffer): bigint {
  return value.readBigInt64BE();
}

/** Jaeger times and durations are i64 microseconds. */
function microsAsNanos(value: Buffer): bigint {
  return int64(value) * MICROS_TO_NANOS;
}

function tagValue(tag: ThriftTag): AttributeValue {
  switch (tag.vType) {
    case TagType.DOUBLE:
      return tag.vDouble ?? 0;
    case TagType.BOOL:
      return tag.vBool ?? false;
    case TagType.LONG:
      return tag.vLong ? Number(int64(tag.vLong)) : 0;
    case TagType.BINARY:
      return tag.vBinary ? tag.vBinary.toString('base64') : '';
    default:
      return tag.vStr ?? '';
  }
}

function tagsToAttributes(tags: ThriftTag[] | null | undefined): Attributes {
  return Object.fromEntries((tags ?? []).map((tag) => [tag.key, tagValue(tag)]));
}

function status(tags: Attributes): ReceivedSpan['status'] {
  const code = tags[ATTR_OTEL_STATUS_CODE];
  const message = tags[ATTR_OTEL_STATUS_DESCRIPTION];
  if (code === OTEL_STATUS_CODE_VALUE_ERROR || (code === undefined && tags[TAG_ERROR] === true)) {
    return message === undefined ? { code: SpanStatusCode.ERROR } : { code: SpanStatusCode.ERROR, message: String(message) };
  }
  return { code: code === OTEL_STATUS_CODE_VALUE_OK ? SpanStatusCode.OK : SpanStatusCode.UNSET };
}

/**
 * Parent and links from parentSpanId and references: the parent is parentSpanId, else the first
 * CHILD_OF reference; FOLLOWS_FROM and any other reference become links (without attributes,
 * which Jaeger references do not carry).
 */
function parentAndLinks(span: ThriftSpan, traceId: string): { parentSpanId?: string; links: ReceivedLink[] } {
  let parentSpanId = isZero(span.parentSpanId) ? undefined : hex(span.parentSpanId);
  const links: ReceivedLink[] = [];
  for (const ref of span.references ?? []) {
    const refTraceId = traceIdHex(ref.traceIdHigh, ref.traceIdLow);
    const refSpanId = hex(ref.spanId);
    if (ref.refType === SpanRefType.CHILD_OF && refTraceId === traceId && (!parentSpanId || parentSpanId === refSpanId)) {
      parentSpanId = refSpanId;
    } else {
      links.push({ traceId: refTraceId, spanId: refSpanId, attributes: {} });
    }
  }
  return parentSpanId ? { parentSpanId, links } : { links };
}

/** A Jaeger Thrift Batch → spans. Its only resource is the process: service name and process tags. */
export function normalizeJaeger(batch: ThriftBatch, protocol: Protocol = 'jaeger-thrift'): ReceivedSpan[] {
  const serviceName = batch.process.serviceName;
  const resource: Attributes = { ...tagsToAttributes(batch.process.tags), [ATTR_SERVICE_NAME]: serviceName };
  return batch.spans.map((span) => {
    const traceId = traceIdHex(span.traceIdHigh, span.traceIdLow);
    const tags = tagsToAttributes(span.tags);
    const start = microsAsNanos(span.startTime);
    const startTimeUnixNano = start.toString();
    const endTimeUnixNano = (start + microsAsNanos(span.duration)).toString();
    const scopeName = tags[ATTR_OTEL_SCOPE_NAME] ?? tags[ATTR_OTEL_LIBRARY_NAME];
    const scopeVersion = tags[ATTR_OTEL_SCOPE_VERSION] ?? tags[ATTR_OTEL_LIBRARY_VERSION];
    return {
      traceId,
      spanId: hex(span.spanId),
      ...parentAndLinks(span, traceId),
      name: span.operationName,
      kind: SPAN_KINDS[String(tags[TAG_SPAN_KIND])] ?? SpanKind.INTERNAL,
      startTimeUnixNano,
      endTimeUnixNano,
      durationMs: durationMs(startTimeUnixNano, endTimeUnixNano),
      attributes: Object.fromEntries(Object.entries(tags).filter(([key]) => !CONSUMED_TAGS.has(key))),
      events: (span.logs ?? []).map((log) => {
        const { [LOG_EVENT]: name, ...attributes } = tagsToAttributes(log.fields);
        return { name: String(name ?? 'log'), timeUnixNano: microsAsNanos(log.timestamp).toString(), attributes };
      }),
      status: status(tags),
      resource,
      serviceName,
      scope: { name: String(scopeName ?? ''), ...(scopeVersion ? { version: String(scopeVersion) } : {}) },
      protocol,
    };
  });
}
