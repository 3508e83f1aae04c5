import { type ReadableSpan } from '@opentelemetry/sdk-trace';
import type { ReceivedSpan } from '../src';
import { nanos, RESOURCE } from './fixture-trace';

/** Asserts that every field of the SDK's span survived the trip through an OTLP exporter and the receiver. */
export function expectOtlpSpan(received: ReceivedSpan | undefined, sent: ReadableSpan): void {
  const context = sent.spanContext();
  expect(received).toEqual({
    traceId: context.traceId,
    spanId: context.spanId,
    parentSpanId: sent.parentSpanContext?.spanId,
    name: sent.name,
    kind: sent.kind,
    startTimeUnixNano: nanos(sent.startTime),
    endTimeUnixNano: nanos(sent.endTime),
    durationMs: expect.closeTo(sent.duration[0] * 1e3 + sent.duration[1] / 1e6, 6),
    attributes: sent.attributes,
    events: sent.events.map((event) => ({
      name: event.name,
      timeUnixNano: nanos(event.time),
      attributes: event.attributes ?? {},
    })),
    links: sent.links.map((link) => ({
      traceId: link.context.traceId,
      spanId: link.context.spanId,
      attributes: link.attributes ?? {},
    })),
    status: sent.status.message ? sent.status : { code: sent.status.code },
    resource: expect.objectContaining(RESOURCE),
    serviceName: RESOURCE['service.name'],
    scope: { name: sent.instrumentationScope.name, version: sent.instrumentationScope.version },
    protocol: expect.any(String),
  });
  if (!sent.parentSpanContext) expect(received).not.toHaveProperty('parentSpanId');
}
