import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { randomBytes } from 'node:crypto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { Attributes } from '../src';

export const RESOURCE = {
  'service.name': 'orders',
  'service.version': '1.2.3',
  'deployment.environment.name': 'test',
};

/** One attribute of each type an OpenTelemetry attribute can hold. */
export const ATTRIBUTES = {
  'http.route': '/orders/:id',
  'app.cache.hit': true,
  'http.response.status_code': 200,
  'app.ratio': 0.25,
  'app.tags': ['a', 'b'],
  'app.flags': [true, false],
  'app.sizes': [1, 2, 3],
  'app.weights': [0.5, 1.5],
};

/** A span in another trace, linked from the producer span. */
export const LINKED = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };

/**
 * Exports, through `exporter`, one trace of five spans, and returns them as the SDK saw them:
 *
 *   (remote parent, as if propagated from another process; not exported)
 *   └─ GET /orders/:id          server, ATTRIBUTES
 *      ├─ SELECT orders         client, ERROR "no such table", event "exception"
 *      ├─ publish order         producer, link → LINKED
 *      │  └─ consume order      consumer
 *      └─ render                internal
 */
export async function exportFixtureTrace(exporter: SpanExporter): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes(RESOURCE),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory }), new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('fixture-scope', '0.0.1');
  const remoteParent = { traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex') };
  const remote = trace.setSpanContext(ROOT_CONTEXT, { ...remoteParent, traceFlags: TraceFlags.SAMPLED, isRemote: true });

  const root = tracer.startSpan('GET /orders/:id', { kind: SpanKind.SERVER, attributes: ATTRIBUTES }, remote);
  const inRoot = trace.setSpan(context.active(), root);
  const query = tracer.startSpan('SELECT orders', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql' } }, inRoot);
  query.addEvent('exception', { 'exception.message': 'no such table', 'exception.escaped': false });
  query.setStatus({ code: SpanStatusCode.ERROR, message: 'no such table' });
  query.end();
  const publish = tracer.startSpan(
    'publish order',
    { kind: SpanKind.PRODUCER, links: [{ context: { ...LINKED, traceFlags: TraceFlags.SAMPLED }, attributes: { 'link.reason': 'batch' } }] },
    inRoot,
  );
  tracer.startSpan('consume order', { kind: SpanKind.CONSUMER }, trace.setSpan(inRoot, publish)).end();
  publish.end();
  const render = tracer.startSpan('render', {}, inRoot);
  render.setStatus({ code: SpanStatusCode.OK });
  render.end();
  root.end();

  await provider.forceFlush();
  const spans = memory.getFinishedSpans();
  await provider.shutdown();
  return spans;
}

/** An HrTime as decimal nanoseconds, exactly (a JS number cannot hold them). */
export function nanos([seconds, nanoseconds]: [number, number]): string {
  return (BigInt(seconds) * 1_000_000_000n + BigInt(nanoseconds)).toString();
}

export type { Attributes };
