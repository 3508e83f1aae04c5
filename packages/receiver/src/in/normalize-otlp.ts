import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { SpanKindEnum, StatusCodeEnum } from './otlp-schema';
import { attributes, idToHex, InvalidPayloadError, isPlainObject, nanos, objectAt, objectsAt } from './otlp-values';
import { durationMs } from '../span-time';
import type { Protocol, ReceivedSpan } from '../types';

const TRACE_ID_BYTES = 16;
const SPAN_ID_BYTES = 8;

/** OTLP's SpanKind names → @opentelemetry/api's SpanKind (their numbers differ by one). */
const SPAN_KINDS: Record<string, SpanKind> = {
  SPAN_KIND_UNSPECIFIED: SpanKind.INTERNAL,
  SPAN_KIND_INTERNAL: SpanKind.INTERNAL,
  SPAN_KIND_SERVER: SpanKind.SERVER,
  SPAN_KIND_CLIENT: SpanKind.CLIENT,
  SPAN_KIND_PRODUCER: SpanKind.PRODUCER,
  SPAN_KIND_CONSUMER: SpanKind.CONSUMER,
};

const STATUS_CODES: Record<string, SpanStatusCode> = {
  STATUS_CODE_UNSET: SpanStatusCode.UNSET,
  STATUS_CODE_OK: SpanStatusCode.OK,
  STATUS_CODE_ERROR: SpanStatusCode.ERROR,
};

/** An enum field arrives as a number (protobuf, JSON) or as its name (JSON). */
function enumName(value: unknown, valuesById: Record<number, string>): string {
  if (value === undefined || value === null) return valuesById[0];
  const name = typeof value === 'number' ? valuesById[value] : value;
  if (typeof name !== 'string') throw new InvalidPayloadError(`unknown enum value ${String(value)}`);
  return name;
}

function spanKind(value: unknown): SpanKind {
  const kind = SPAN_KINDS[enumName(value, SpanKindEnum.valuesById)];
  if (kind === undefined) throw new InvalidPayloadError(`unknown span kind ${String(value)}`);
  return kind;
}

function status(value: Record<string, unknown>): ReceivedSpan['status'] {
  const code = STATUS_CODES[enumName(value.code, StatusCodeEnum.valuesById)];
  if (code === undefined) throw new InvalidPayloadError(`unknown status code ${String(value.code)}`);
  const message = typeof value.message === 'string' && value.message !== '' ? value.message : undefined;
  return message === undefined ? { code } : { code, message };
}

function requiredId(value: unknown, bytes: number, what: string): string {
  const hex = idToHex(value, bytes);
  if (hex === undefined) throw new InvalidPayloadError(`span without ${what}`);
  return hex;
}

/**
 * ExportTraceServiceRequest as a plain object (decoded protobuf or parsed OTLP/JSON) → spans.
 * Throws InvalidPayloadError for anything that does not follow the schema, so that a batch is
 * taken whole or not at all.
 */
export function normalizeOtlp(request: unknown, protocol: Protocol): ReceivedSpan[] {
  if (!isPlainObject(request)) throw new InvalidPayloadError('the request must be an object');
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of objectsAt(request, 'resourceSpans')) {
    const resource = attributes(objectAt(resourceSpans, 'resource').attributes);
    const serviceName = String(resource[ATTR_SERVICE_NAME] ?? 'unknown_service');
    for (const scopeSpans of objectsAt(resourceSpans, 'scopeSpans')) {
      const scopeObject = objectAt(scopeSpans, 'scope');
      const scope = {
        name: String(scopeObject.name ?? ''),
        ...(scopeObject.version ? { version: String(scopeObject.version) } : {}),
      };
      for (const span of objectsAt(scopeSpans, 'spans')) {
        const startTimeUnixNano = nanos(span.startTimeUnixNano);
        const endTimeUnixNano = nanos(span.endTimeUnixNano);
        const parentSpanId = idToHex(span.parentSpanId, SPAN_ID_BYTES);
        spans.push({
          traceId: requiredId(span.traceId, TRACE_ID_BYTES, 'traceId'),
          spanId: requiredId(span.spanId, SPAN_ID_BYTES, 'spanId'),
          ...(parentSpanId ? { parentSpanId } : {}),
          name: String(span.name ?? ''),
          kind: spanKind(span.kind),
          startTimeUnixNano,
          endTimeUnixNano,
          durationMs: durationMs(startTimeUnixNano, endTimeUnixNano),
          attributes: attributes(span.attributes),
          events: objectsAt(span, 'events').map((event) => ({
            name: String(event.name ?? ''),
            timeUnixNano: nanos(event.timeUnixNano),
            attributes: attributes(event.attributes),
          })),
          links: objectsAt(span, 'links').map((link) => ({
            traceId: requiredId(link.traceId, TRACE_ID_BYTES, 'link traceId'),
            spanId: requiredId(link.spanId, SPAN_ID_BYTES, 'link spanId'),
            attributes: attributes(link.attributes),
          })),
          status: status(objectAt(span, 'status')),
          resource,
          serviceName,
          scope,
          protocol,
        });
      }
    }
  }
  return spans;
}
