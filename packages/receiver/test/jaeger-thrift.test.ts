import { SpanKind } from '@opentelemetry/api';
import { JaegerExporter } from '@opentelemetry/exporter-jaeger';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { FREE_PORTS, type Receiver, startReceiver } from '../src';
import { exportFixtureTrace, nanos, RESOURCE } from './fixture-trace';

/** Jaeger Thrift carries times in microseconds. */
function toMicros(hrTimeNanos: string): string {
  return ((BigInt(hrTimeNanos) / 1000n) * 1000n).toString();
}

/** What Jaeger Thrift can carry of an attribute: arrays are sent joined by commas. */
function asJaegerTags(attributes: ReadableSpan['attributes']): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
}

describe.each([
  // [how, the exporter's target, what the receiver must have seen]
  ['over HTTP', (receiver: Receiver) => ({ endpoint: `http://127.0.0.1:${receiver.ports.jaegerHttp}/api/traces` }), 'jaeger-thrift'],
  // No endpoint: the exporter's UDP sender, binary Thrift to the agent's port (6832 by default).
  ['over UDP to the agent port', (receiver: Receiver) => ({ host: '127.0.0.1', port: receiver.ports.jaegerBinaryUdp }), 'jaeger-thrift-udp-binary'],
] as const)('Jaeger Thrift %s', (_how, target, protocol) => {
  let receiver: Receiver;
  const logged: string[] = [];

  beforeAll(async () => {
    receiver = await startReceiver({ ...FREE_PORTS, log: (line) => logged.push(line) });
  });
  afterAll(() => receiver.close());

  it('keeps what the Jaeger exporter sends: ids, parents, kind, times, tags, logs, references, status, process', async () => {
    const exporter = new JaegerExporter({
      ...target(receiver),
      tags: [{ key: 'host.name', value: 'test-host' }],
      // Its shutdown races the flush against a timer it never clears; keep that timer short.
      flushTimeout: 200,
    });
    const sent = await exportFixtureTrace(exporter);
    const traceId = sent[0].spanContext().traceId;

    const trace = await receiver.waitForTrace((t) => t.traceId === traceId && t.spans.length === sent.length);
    for (const span of sent) {
      const received = trace.spans.find((s) => s.spanId === span.spanContext().spanId);
      expect(received).toEqual({
        traceId,
        spanId: span.spanContext().spanId,
        ...(span.parentSpanContext ? { parentSpanId: span.parentSpanContext.spanId } : {}),
        name: span.name,
        kind: span.kind,
        startTimeUnixNano: toMicros(nanos(span.startTime)),
        endTimeUnixNano: expect.any(String),
        durationMs: expect.closeTo(span.duration[0] * 1e3 + span.duration[1] / 1e6, 2),
        // The exporter sends resource attributes as span tags too, as Jaeger shows them.
        attributes: { ...asJaegerTags(span.attributes), ...RESOURCE },
        events: span.events.map((event) => ({
          name: event.name,
          timeUnixNano: expect.stringMatching(/^\d+000$/),
          attributes: event.attributes,
        })),
        links: span.links.map((link) => ({ traceId: link.context.traceId, spanId: link.context.spanId, attributes: {} })),
        status: span.status.message ? span.status : { code: span.status.code },
        // Jaeger's only resource is the process: its service name and the exporter's tags.
        resource: { 'service.name': RESOURCE['service.name'], 'host.name': 'test-host' },
        serviceName: RESOURCE['service.name'],
        scope: { name: span.instrumentationScope.name, version: span.instrumentationScope.version },
        protocol,
      });
      // Event times survive to the millisecond (the exporter's precision).
      span.events.forEach((event, i) => {
        const got = BigInt(received!.events[i].timeUnixNano);
        const want = BigInt(nanos(event.time));
        expect(Number(got - want) / 1e6).toBeCloseTo(0, 0);
      });
    }
    expect(trace.spans.map((s) => s.kind).sort()).toEqual(
      [SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER, SpanKind.INTERNAL].sort(),
    );
    expect(logged).toEqual([]);
  });
});
