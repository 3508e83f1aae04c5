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
import type { AttributeValue, Attributes, ReceivedSpan, Trace } from '../types';
import type { JaegerKeyValue, JaegerLog, JaegerProcess, JaegerReference, JaegerSpan, JaegerTrace } from './query-api-types';

/**
 * Jaeger's JSON model (what jaeger-query's /api/traces answers and its UI and Grafana read), built
 * from received spans as Jaeger's OTLP translator builds it: kind, status and scope become tags,
 * events become logs, the parent a CHILD_OF reference and links FOLLOWS_FROM references.
 */
/** OpenTracing's tags for what OTLP has fields for. */
export const TAG_SPAN_KIND = 'span.kind';
export const TAG_ERROR = 'error';
/** The log field holding an event's name. */
const LOG_EVENT = 'event';
/** Every span the receiver holds was exported, hence sampled: Jaeger's sampled flag. */
const FLAG_SAMPLED = 1;
const NANOS_PER_MICRO = 1000n;

/** Jaeger's span.kind values; INTERNAL gets no tag. */
export const JAEGER_SPAN_KINDS: Partial<Record<SpanKind, string>> = {
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

export function micros(unixNano: string): number {
  return Number(BigInt(unixNano) / NANOS_PER_MICRO);
}

/** A span's duration in µs, as Jaeger's translator truncates it. */
export function durationMicros(span: ReceivedSpan): number {
  return Number((BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano)) / NANOS_PER_MICRO);
}

/** A tag with Jaeger's type: integers as int64, other numbers float64; lists as their JSON, as the translator does. */
export function keyValue(key: string, value: AttributeValue): JaegerKeyValue {
  if (typeof value === 'boolean') return { key, type: 'bool', value };
  if (typeof value === 'number') return { key, type: Number.isInteger(value) ? 'int64' : 'float64', value };
  if (Array.isArray(value)) return { key, type: 'string', value: JSON.stringify(value) };
  return { key, type: 'string', value };
}

function keyValues(attributes: Attributes): JaegerKeyValue[] {
  return Object.entries(attributes).map(([key, value]) => keyValue(key, value));
}

/** The tags that say a span's kind, status and scope. */
function derivedTags(span: ReceivedSpan): JaegerKeyValue[] {
  const tags: JaegerKeyValue[] = [];
  if (span.scope.name) tags.push(keyValue(ATTR_OTEL_SCOPE_NAME, span.scope.name));
  if (span.scope.version) tags.push(keyValue(ATTR_OTEL_SCOPE_VERSION, span.scope.version));
  const kind = JAEGER_SPAN_KINDS[span.kind];
  if (kind) tags.push(keyValue(TAG_SPAN_KIND, kind));
  if (span.status.code === SpanStatusCode.OK) tags.push(keyValue(ATTR_OTEL_STATUS_CODE, OTEL_STATUS_CODE_VALUE_OK));
  if (span.status.code === SpanStatusCode.ERROR) {
    tags.push(keyValue(ATTR_OTEL_STATUS_CODE, OTEL_STATUS_CODE_VALUE_ERROR), keyValue(TAG_ERROR, true));
  }
  if (span.status.message) tags.push(keyValue(ATTR_OTEL_STATUS_DESCRIPTION, span.status.message));
  return tags;
}

/** The span's attributes, then its kind, status and scope tags (which win over an attribute of the same key). */
export function spanTags(span: ReceivedSpan): JaegerKeyValue[] {
  const derived = derivedTags(span);
  const derivedKeys = new Set(derived.map((tag) => tag.key));
  return [...keyValues(span.attributes).filter((tag) => !derivedKeys.has(tag.key)), ...derived];
}

/** The process tags: the resource without service.name, which is the process's serviceName. */
export function processTags(span: ReceivedSpan): JaegerKeyValue[] {
  const { [ATTR_SERVICE_NAME]: _serviceName, ...rest } = span.resource;
  return keyValues(rest);
}

/** An event as a log: its name as the `event` field (unless an attribute already has that key), then its attributes. */
export function spanLogs(span: ReceivedSpan): JaegerLog[] {
  return span.events.map((event) => ({
    timestamp: micros(event.timeUnixNano),
    fields: [...(LOG_EVENT in event.attributes ? [] : [keyValue(LOG_EVENT, event.name)]), ...keyValues(event.attributes)],
  }));
}

function references(span: ReceivedSpan): JaegerReference[] {
  const parent: JaegerReference[] = span.parentSpanId ? [{ refType: 'CHILD_OF', traceID: span.traceId, spanID: span.parentSpanId }] : [];
  return [...parent, ...span.links.map((link): JaegerReference => ({ refType: 'FOLLOWS_FROM', traceID: link.traceId, spanID: link.spanId }))];
}

/** The warning for a span whose parent is not in the trace; its CHILD_OF reference is kept, as Jaeger keeps it. */
export function missingParentWarning(parentSpanId: string): string {
  return `invalid parent span ID ${parentSpanId}: the parent span was not received`;
}

/** One trace in Jaeger's model; one process per distinct service and resource, named p1, p2… in order of appearance. */
export function toJaegerTrace(trace: Trace): JaegerTrace {
  const spanIds = new Set(trace.spans.map((span) => span.spanId));
  const processIds = new Map<string, string>();
  const processes: Record<string, JaegerProcess> = {};
  const spans = trace.spans.map((span): JaegerSpan => {
    const processKey = JSON.stringify([span.serviceName, Object.entries(span.resource).sort(([a], [b]) => (a < b ? -1 : 1))]);
    let processID = processIds.get(processKey);
    if (!processID) {
      processID = `p${processIds.size + 1}`;
      processIds.set(processKey, processID);
      processes[processID] = { serviceName: span.serviceName, tags: processTags(span) };
    }
    const parentMissing = span.parentSpanId !== undefined && !spanIds.has(span.parentSpanId);
    return {
      traceID: trace.traceId,
      spanID: span.spanId,
      flags: FLAG_SAMPLED,
      operationName: span.name,
      references: references(span),
      startTime: micros(span.startTimeUnixNano),
      duration: durationMicros(span),
      tags: spanTags(span),
      logs: spanLogs(span),
      processID,
      warnings: parentMissing ? [missingParentWarning(span.parentSpanId!)] : null,
    };
  });
  return { traceID: trace.traceId, spans, processes, warnings: null };
}
