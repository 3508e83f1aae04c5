import { ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace, TraceFlags, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

/** What the browser test looks for, by the ids the SDK gave each span. */
export interface SentTraces {
  /** The samples' request: spans in tree order. */
  hello: { traceId: string; spanIds: string[] };
  /** A later trace whose root follows from hello's root (a FollowsFrom reference across traces). */
  followUp: { traceId: string; spanId: string };
  /** A trace whose only span names a parent that was never sent. */
  orphan: { traceId: string; parentSpanId: string };
}

export const FRONTEND = 'express-frontend';
export const GREETER = 'grpc-greeter';
export const BULK_TRACES = 1000;
export const WIDE_SPANS = 1000;

function providerFor(service: string, url: string): TracerProvider {
  return new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'service.version': '1.0.0', 'host.name': 'testhost' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url }) })],
  });
}

/** Spans started and ended by `make`, sent in one OTLP export (one request for a thousand spans). */
async function exportInOneRequest(url: string, service: string, make: (tracer: Tracer) => unknown[]): Promise<void> {
  const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors: [] });
  const exporter = new OTLPTraceExporter({ url });
  const spans = make(provider.getTracer(service));
  await new Promise<void>((resolve, reject) =>
    exporter.export(spans as ReadableSpan[], (result) => (result.error ? reject(result.error) : resolve())),
  );
  await exporter.shutdown();
}

/** BULK_TRACES one-span traces, `job <i>`, with `job.index=<i>`. */
export function exportBulk(url: string): Promise<void> {
  return exportInOneRequest(url, 'bulk', (tracer) =>
    Array.from({ length: BULK_TRACES }, (_, i) => {
      const span = tracer.startSpan(`job ${i}`, { attributes: { 'job.index': i } }, ROOT_CONTEXT);
      span.end();
      return span;
    }),
  );
}

/** One root and WIDE_SPANS - 1 children. */
export async function exportWide(url: string): Promise<string> {
  let traceId = '';
  await exportInOneRequest(url, 'wide', (tracer) => {
    const root = tracer.startSpan('fan out', {}, ROOT_CONTEXT);
    traceId = root.spanContext().traceId;
    const children = Array.from({ length: WIDE_SPANS - 1 }, (_, i) => tracer.startSpan(`part ${i + 1}`, {}, trace.setSpan(ROOT_CONTEXT, root)));
    children.forEach((span) => span.end());
    root.end();
    return [root, ...children];
  });
  return traceId;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The samples' traces, as express-frontend and grpc-greeter send them (two SDKs, two resources):
 *
 *   express-frontend  GET /hello                       server  http.route=/hello
 *   └─ express-frontend  helloworld.Greeter/SayHello   client
 *      └─ grpc-greeter  helloworld.Greeter/SayHello    server  ERROR
 *         └─ grpc-greeter  SELECT greetings            client  ERROR, event "exception"
 *
 *   express-frontend  notify 📬 Zürich                  (new trace) FollowsFrom → GET /hello
 *   grpc-greeter  orphan ✉ 東京                          parent never received
 */
export async function exportSamples(url: string): Promise<SentTraces> {
  const providers = [providerFor(FRONTEND, url), providerFor(GREETER, url)];
  const [front, greeter] = providers.map((provider) => provider.getTracer('browser-test'));
  const root = front.startSpan('GET /hello', { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET', 'http.route': '/hello', 'user.id': 'u-42' } }, ROOT_CONTEXT);
  await sleep(3);
  const call = front.startSpan('helloworld.Greeter/SayHello', { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'grpc', 'rpc.method': 'SayHello' } }, trace.setSpan(ROOT_CONTEXT, root));
  await sleep(2);
  const served = greeter.startSpan('helloworld.Greeter/SayHello', { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'grpc' } }, trace.setSpan(ROOT_CONTEXT, call));
  await sleep(2);
  const query = greeter.startSpan('SELECT greetings', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.query.text': 'SELECT text FROM greetings WHERE name = $1' } }, trace.setSpan(ROOT_CONTEXT, served));
  await sleep(4);
  query.addEvent('exception', { 'exception.type': 'error', 'exception.message': 'relation "greetings" does not exist' });
  query.setStatus({ code: SpanStatusCode.ERROR, message: 'relation "greetings" does not exist' });
  query.end();
  served.setStatus({ code: SpanStatusCode.ERROR, message: 'internal error' });
  served.end();
  await sleep(2);
  call.end();
  root.end();

  const followUp = front.startSpan('notify 📬 Zürich', { links: [{ context: root.spanContext() }] }, ROOT_CONTEXT);
  followUp.end();
  const missingParent = { traceId: '5a4b3c2d1e0f5a4b3c2d1e0f5a4b3c2d', spanId: 'aaaabbbbccccdddd' };
  const orphan = greeter.startSpan('orphan ✉ 東京', {}, trace.setSpanContext(ROOT_CONTEXT, { ...missingParent, traceFlags: TraceFlags.SAMPLED, isRemote: true }));
  orphan.end();

  await Promise.all(providers.map((provider) => provider.shutdown()));
  return {
    hello: { traceId: root.spanContext().traceId, spanIds: [root, call, served, query].map((span) => span.spanContext().spanId) },
    followUp: { traceId: followUp.spanContext().traceId, spanId: followUp.spanContext().spanId },
    orphan: { traceId: missingParent.traceId, parentSpanId: missingParent.spanId },
  };
}

/** One more trace, sent while the page is open. */
export async function exportLate(url: string, name: string): Promise<string> {
  const provider = providerFor(FRONTEND, url);
  const span = provider.getTracer('browser-test').startSpan(name, { kind: SpanKind.SERVER }, ROOT_CONTEXT);
  span.end();
  await provider.shutdown();
  return span.spanContext().traceId;
}

/** A trace whose spans arrive in two exports, while the page shows it; its span ids by name. */
export interface LateTrace {
  traceId: string;
  ids: Record<'checkout' | 'loadCart' | 'selectCart' | 'reserveStock' | 'updateStock' | 'audit', string>;
  /** Sends all but the missing parent and a late child. */
  sendFirst(): Promise<void>;
  /** Sends the rest: the missing parent and the late child. */
  finish(): Promise<void>;
}

/**
 * Nothing is sent until sendFirst(), which sends all but `reserve stock` and `audit`, so that
 * `UPDATE stock` names a parent not received yet; finish() sends them (service `shop`, apart
 * from the samples' services):
 *
 *   checkout
 *   ├─ load cart
 *   │  └─ SELECT cart
 *   ├─ reserve stock      late: the missing parent
 *   │  └─ UPDATE stock
 *   └─ audit              late: a new child
 */
export async function startLateTrace(url: string): Promise<LateTrace> {
  const provider = providerFor('shop', url);
  const tracer = provider.getTracer('browser-test');
  // Apart in time, so that the order by start time is certain.
  const child = async (name: string, parent: Span): Promise<Span> => {
    await sleep(2);
    return tracer.startSpan(name, {}, trace.setSpan(ROOT_CONTEXT, parent));
  };
  const checkout = tracer.startSpan('checkout', { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'POST', 'http.route': '/checkout', 'cart.items': 3 } }, ROOT_CONTEXT);
  const loadCart = await child('load cart', checkout);
  const selectCart = await child('SELECT cart', loadCart);
  const reserveStock = await child('reserve stock', checkout);
  const updateStock = await child('UPDATE stock', reserveStock);
  const audit = await child('audit', checkout);
  const spans = { checkout, loadCart, selectCart, reserveStock, updateStock, audit };
  return {
    traceId: checkout.spanContext().traceId,
    ids: Object.fromEntries(Object.entries(spans).map(([name, span]) => [name, span.spanContext().spanId])) as LateTrace['ids'],
    sendFirst: async () => {
      for (const span of [selectCart, loadCart, updateStock, checkout]) span.end();
      await provider.forceFlush();
    },
    finish: async () => {
      audit.end();
      reserveStock.end();
      await provider.shutdown();
    },
  };
}

/** A call from `cron` to `ledger` that started `hoursAgo` hours ago (for the service map's time range). */
export async function exportOldCall(url: string, hoursAgo: number): Promise<void> {
  const providers = [providerFor('cron', url), providerFor('ledger', url)];
  const [cron, ledger] = providers.map((provider) => provider.getTracer('browser-test'));
  const start = Date.now() - hoursAgo * 3_600_000;
  const job = cron.startSpan('nightly close', { kind: SpanKind.PRODUCER, startTime: start }, ROOT_CONTEXT);
  const book = ledger.startSpan('book entries', { kind: SpanKind.CONSUMER, startTime: start + 5 }, trace.setSpan(ROOT_CONTEXT, job));
  book.end(start + 20);
  job.end(start + 25);
  await Promise.all(providers.map((provider) => provider.shutdown()));
}
