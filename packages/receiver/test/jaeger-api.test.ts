import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { FREE_PORTS, type Receiver, startReceiver } from '../src';
import { exportFixtureTrace, LINKED, nanos, RESOURCE } from './fixture-trace';

const micros = (hrTime: [number, number]): number => Number(BigInt(nanos(hrTime)) / 1000n);

interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: Array<{ refType: string; traceID: string; spanID: string }>;
  startTime: number;
  duration: number;
  tags: Array<{ key: string; type: string; value: unknown }>;
  logs: Array<{ timestamp: number; fields: Array<{ key: string; type: string; value: unknown }> }>;
  processID: string;
  warnings: string[] | null;
}
interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: unknown[] }>;
  warnings: string[] | null;
}

/** Baggage entries the frontend copies onto its spans (as the kit's baggage processor does). */
const BAGGAGE = { 'user.id': 'u-42', 'app.tenant': 'Zürich 東京' };
const FRONTEND = 'frontend ☕';
const PRICING = 'pricing';

/**
 * Two services, one trace, sent by two SDKs through the OTLP/HTTP protobuf exporter:
 *
 *   frontend ☕  GET /café/☕         server, BAGGAGE attributes
 *   └─ frontend ☕  price lookup     client
 *      └─ pricing   Price ⇒ €        server, ERROR "no price", event "retry" {attempt: 2}
 */
async function exportTwoServices(url: string): Promise<ReadableSpan[]> {
  const providers = [FRONTEND, PRICING].map(
    (service) => new TracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors: [new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url }) })] }),
  );
  const spans: ReadableSpan[] = [];
  const keep = (span: unknown): void => void spans.push(span as ReadableSpan);
  const [frontend, pricing] = providers.map((provider) => provider.getTracer('api-test'));
  const baggage = propagation.createBaggage(Object.fromEntries(Object.entries(BAGGAGE).map(([key, value]) => [key, { value }])));
  const attributes = Object.fromEntries(baggage.getAllEntries().map(([key, entry]) => [key, entry.value]));
  const root = frontend.startSpan('GET /café/☕', { kind: SpanKind.SERVER, attributes }, ROOT_CONTEXT);
  const call = frontend.startSpan('price lookup', { kind: SpanKind.CLIENT, attributes }, trace.setSpan(ROOT_CONTEXT, root));
  const priced = pricing.startSpan('Price ⇒ €', { kind: SpanKind.SERVER }, trace.setSpan(ROOT_CONTEXT, call));
  priced.addEvent('retry', { attempt: 2 });
  priced.setStatus({ code: SpanStatusCode.ERROR, message: 'no price' });
  for (const span of [priced, call, root]) {
    span.end();
    keep(span);
  }
  await Promise.all(providers.map((provider) => provider.forceFlush()));
  await Promise.all(providers.map((provider) => provider.shutdown()));
  return spans;
}

/** One root and 999 children, in one export. */
async function exportWideTrace(url: string): Promise<string> {
  const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'wide' }), spanProcessors: [] });
  const exporter = new OTLPTraceExporter({ url });
  const tracer = provider.getTracer('wide');
  const root = tracer.startSpan('root', {}, ROOT_CONTEXT);
  const spans = [root];
  for (let i = 1; i < 1000; i++) spans.push(tracer.startSpan(`child ${i}`, {}, trace.setSpan(ROOT_CONTEXT, root)));
  spans.forEach((span) => span.end());
  await new Promise<void>((resolve, reject) =>
    exporter.export(spans as unknown as ReadableSpan[], (result) => (result.error ? reject(result.error) : resolve())),
  );
  await exporter.shutdown();
  return root.spanContext().traceId;
}

describe("Jaeger's query API on the UI port", () => {
  let receiver: Receiver;
  let api: (path: string) => Promise<{ status: number; body: any }>;
  let fixture: ReadableSpan[];
  let fixtureId: string;
  let twoServices: ReadableSpan[];
  let twoServicesId: string;
  let wideId: string;

  beforeAll(async () => {
    receiver = await startReceiver({ ...FREE_PORTS, log: () => {} });
    const url = `http://127.0.0.1:${receiver.ports.otlpHttp}/v1/traces`;
    api = async (path) => {
      const response = await fetch(`http://127.0.0.1:${receiver.ports.ui}${path}`, { signal: AbortSignal.timeout(10_000) });
      return { status: response.status, body: await response.json() };
    };
    fixture = await exportFixtureTrace(new OTLPTraceExporter({ url }));
    fixtureId = fixture[0].spanContext().traceId;
    twoServices = await exportTwoServices(url);
    twoServicesId = twoServices[0].spanContext().traceId;
    wideId = await exportWideTrace(url);
    await receiver.waitForSpans((spans) => spans.length === fixture.length + twoServices.length + 1000);
  });
  afterAll(() => receiver.close());

  it('lists services and operations, unicode names included', async () => {
    expect(await api('/api/services')).toEqual({ status: 200, body: { data: [FRONTEND, 'orders', PRICING, 'wide'].sort(), total: 4, limit: 0, offset: 0, errors: null } });
    const operations = await api(`/api/services/${encodeURIComponent(FRONTEND)}/operations`);
    expect(operations.body.data).toEqual(['GET /café/☕', 'price lookup']);
    expect((await api('/api/operations?service=orders')).body.data).toEqual([
      { name: 'GET /orders/:id', spanKind: 'server' },
      { name: 'SELECT orders', spanKind: 'client' },
      { name: 'consume order', spanKind: 'consumer' },
      { name: 'publish order', spanKind: 'producer' },
      { name: 'render', spanKind: 'internal' },
    ]);
    expect((await api('/api/operations?service=orders&spanKind=producer')).body.data).toEqual([{ name: 'publish order', spanKind: 'producer' }]);
  });

  it('gives a trace in Jaeger’s model, field by field', async () => {
    const { status, body } = await api(`/api/traces/${fixtureId}`);
    expect(status).toBe(200);
    const got: JaegerTrace = body.data[0];
    expect(body).toMatchObject({ total: 1, limit: 0, offset: 0, errors: null });
    expect(got.traceID).toBe(fixtureId);
    expect(got.warnings).toBeNull();
    expect(got.processes).toEqual({
      p1: {
        serviceName: 'orders',
        tags: [
          { key: 'service.version', type: 'string', value: RESOURCE['service.version'] },
          { key: 'deployment.environment.name', type: 'string', value: RESOURCE['deployment.environment.name'] },
        ],
      },
    });
    const kinds = ['internal', 'server', 'client', 'producer', 'consumer'];
    for (const sent of fixture) {
      const { traceId, spanId } = sent.spanContext();
      const parent = sent.parentSpanContext?.spanId;
      const isRoot = sent.name === 'GET /orders/:id';
      const status = sent.status.code === SpanStatusCode.ERROR
        ? [{ key: 'otel.status_code', type: 'string', value: 'ERROR' }, { key: 'error', type: 'bool', value: true }, { key: 'otel.status_description', type: 'string', value: sent.status.message }]
        : sent.status.code === SpanStatusCode.OK ? [{ key: 'otel.status_code', type: 'string', value: 'OK' }] : [];
      expect(got.spans.find((span) => span.spanID === spanId)).toEqual({
        traceID: traceId,
        spanID: spanId,
        flags: 1,
        operationName: sent.name,
        // The remote parent was never received: its reference stays, with a warning.
        references: [
          { refType: 'CHILD_OF', traceID: traceId, spanID: parent },
          ...sent.links.map((link) => ({ refType: 'FOLLOWS_FROM', traceID: link.context.traceId, spanID: link.context.spanId })),
        ],
        startTime: micros(sent.startTime),
        duration: Number((BigInt(nanos(sent.endTime)) - BigInt(nanos(sent.startTime))) / 1000n),
        tags: [
          ...(isRoot
            ? [
                { key: 'http.route', type: 'string', value: '/orders/:id' },
                { key: 'app.cache.hit', type: 'bool', value: true },
                { key: 'http.response.status_code', type: 'int64', value: 200 },
                { key: 'app.ratio', type: 'float64', value: 0.25 },
                { key: 'app.tags', type: 'string', value: '["a","b"]' },
                { key: 'app.flags', type: 'string', value: '[true,false]' },
                { key: 'app.sizes', type: 'string', value: '[1,2,3]' },
                { key: 'app.weights', type: 'string', value: '[0.5,1.5]' },
              ]
            : Object.entries(sent.attributes).map(([key, value]) => ({ key, type: 'string', value }))),
          { key: 'otel.scope.name', type: 'string', value: 'fixture-scope' },
          { key: 'otel.scope.version', type: 'string', value: '0.0.1' },
          ...(sent.kind === SpanKind.INTERNAL ? [] : [{ key: 'span.kind', type: 'string', value: kinds[sent.kind] }]),
          ...status,
        ],
        logs: sent.events.map((event) => ({
          timestamp: micros(event.time),
          fields: [
            { key: 'event', type: 'string', value: event.name },
            { key: 'exception.message', type: 'string', value: 'no such table' },
            { key: 'exception.escaped', type: 'bool', value: false },
          ],
        })),
        processID: 'p1',
        warnings: isRoot ? [`invalid parent span ID ${parent}: the parent span was not received`] : null,
      });
    }
    // The link points into another trace, which the receiver never saw.
    expect(got.spans.find((span) => span.operationName === 'publish order')!.references[1]).toEqual({ refType: 'FOLLOWS_FROM', traceID: LINKED.traceId, spanID: LINKED.spanId });
  });

  it('keeps two services apart as two processes, with the baggage attributes as tags', async () => {
    const got: JaegerTrace = (await api(`/api/traces/${twoServicesId.toUpperCase()}`)).body.data[0];
    expect(got.processes).toEqual({ p1: { serviceName: PRICING, tags: [] }, p2: { serviceName: FRONTEND, tags: [] } });
    const byName = Object.fromEntries(got.spans.map((span) => [span.operationName, span]));
    expect(byName['Price ⇒ €']).toMatchObject({ processID: 'p1', warnings: null, logs: [{ fields: [{ key: 'event', type: 'string', value: 'retry' }, { key: 'attempt', type: 'int64', value: 2 }] }] });
    expect(byName['Price ⇒ €'].references).toEqual([{ refType: 'CHILD_OF', traceID: twoServicesId, spanID: byName['price lookup'].spanID }]);
    expect(byName['GET /café/☕']).toMatchObject({ processID: 'p2', references: [], warnings: null });
    expect(byName['GET /café/☕'].tags.slice(0, 2)).toEqual([
      { key: 'user.id', type: 'string', value: 'u-42' },
      { key: 'app.tenant', type: 'string', value: 'Zürich 東京' },
    ]);
  });

  it('holds a 1,000-span trace whole', async () => {
    const got: JaegerTrace = (await api(`/api/traces/${wideId}`)).body.data[0];
    expect(got.spans).toHaveLength(1000);
    const root = got.spans.find((span) => span.operationName === 'root')!;
    expect(got.spans.filter((span) => span !== root).every((span) => span.references[0].spanID === root.spanID && span.warnings === null)).toBe(true);
    const summary = (await api(`/api/kit/summaries?service=wide`)).body.data[0];
    expect(summary).toMatchObject({ traceID: wideId, rootName: 'root', rootService: 'wide', services: [{ name: 'wide', count: 1000 }], spanCount: 1000, errorCount: 0, missingParents: 0 });
  });

  const found = async (query: string): Promise<string[]> => {
    const { status, body } = await api(`/api/traces?${query}`);
    expect(status).toBe(200);
    return body.data.map((t: JaegerTrace) => t.traceID);
  };

  it.each([
    ['service=orders', () => [fixtureId]],
    [`service=${encodeURIComponent(FRONTEND)}`, () => [twoServicesId]],
    ['service=pricing&operation=' + encodeURIComponent('Price ⇒ €'), () => [twoServicesId]],
    ['service=orders&operation=nothing', () => []],
    ['service=orders&tags=' + encodeURIComponent('{"error":"true"}'), () => [fixtureId]],
    ['service=orders&tags=' + encodeURIComponent('{"http.response.status_code":"200","app.cache.hit":"true"}'), () => [fixtureId]],
    ['service=orders&tags=' + encodeURIComponent('{"http.response.status_code":"500"}'), () => []],
    ['service=orders&tag=span.kind:producer', () => [fixtureId]],
    ['service=orders&tag=exception.message:no%20such%20table', () => [fixtureId]],
    ['service=orders&tag=deployment.environment.name:test', () => [fixtureId]],
    [`service=${encodeURIComponent(FRONTEND)}&tags=` + encodeURIComponent('user.id=u-42 app.tenant="Zürich 東京"'), () => [twoServicesId]],
    ['service=pricing&tags=' + encodeURIComponent('otel.status_description="no price"'), () => [twoServicesId]],
    ['service=orders&minDuration=1h', () => []],
    ['service=orders&minDuration=0.001ms&maxDuration=1h', () => [fixtureId]],
    ['service=orders&maxDuration=0us', () => []],
    ['service=orders&end=1000', () => []],
    ['service=orders&start=' + (Date.now() + 3600e3) * 1000, () => []],
    ['service=orders&lookback=1h', () => [fixtureId]],
    ['service=orders&lookback=custom&start=' + (Date.now() - 3600e3) * 1000 + '&end=' + (Date.now() + 3600e3) * 1000, () => [fixtureId]],
  ])('searches /api/traces?%s', async (query, expected) => {
    expect(await found(query)).toEqual(expected());
  });

  it('gives the traces asked for by traceID=, newest first, without a service', async () => {
    expect(await found(`traceID=${fixtureId}&traceID=${wideId}`)).toEqual([wideId, fixtureId]);
  });

  it('pages trace summaries newest first, with the count of all matches', async () => {
    const { body } = await api('/api/kit/summaries?limit=2&offset=1');
    expect(body).toMatchObject({ total: 3, limit: 2, offset: 1, errors: null });
    expect(body.data.map((s: { traceID: string }) => s.traceID)).toEqual([twoServicesId, fixtureId]);
    const [summary] = (await api(`/api/kit/summaries?service=${encodeURIComponent(FRONTEND)}`)).body.data;
    expect(summary).toEqual({
      traceID: twoServicesId,
      rootName: 'GET /café/☕',
      rootService: FRONTEND,
      services: [{ name: PRICING, count: 1 }, { name: FRONTEND, count: 2 }],
      spanCount: 3,
      errorCount: 1,
      startTime: Math.min(...twoServices.map((span) => micros(span.startTime))),
      duration: expect.any(Number),
      missingParents: 0,
    });
    const [fixtureSummary] = (await api('/api/kit/summaries?service=orders')).body.data;
    expect(fixtureSummary).toMatchObject({ rootName: 'GET /orders/:id', errorCount: 1, missingParents: 1, spanCount: 5 });
  });

  it('draws the service map from cross-service parent/child, with call and error counts', async () => {
    expect((await api('/api/dependencies')).body.data).toEqual([{ parent: FRONTEND, child: PRICING, callCount: 1, errorCount: 1 }]);
    expect((await api(`/api/dependencies?endTs=${Date.now() - 3600e3}&lookback=1000`)).body.data).toEqual([]);
  });

  it('tells the UI cheaply whether anything changed', async () => {
    const before = (await api('/api/kit/store')).body;
    expect(before).toEqual({ generation: expect.any(Number), traces: 3 });
    await exportWideTrace(`http://127.0.0.1:${receiver.ports.otlpHttp}/v1/traces`);
    const after = (await api('/api/kit/store')).body;
    expect(after).toEqual({ generation: before.generation + 1000, traces: 4 });
  });

  it.each([
    ['/api/traces', "parameter 'service' is required"],
    ['/api/traces?service=orders&limit=abc', `unable to parse param 'limit': "abc" is not an integer`],
    ['/api/traces?service=orders&limit=-1', "param 'limit' must be at least 0, got -1"],
    ['/api/traces?service=orders&minDuration=5', 'unable to parse param \'minDuration\': invalid duration "5" (use a number and a unit: 500us, 100ms, 1.5s, 2m, 1h)'],
    ['/api/traces?service=orders&maxDuration=fast', expect.stringContaining("unable to parse param 'maxDuration'")],
    ['/api/traces?service=orders&minDuration=2s&maxDuration=1s', "'maxDuration' should be greater than 'minDuration'"],
    ['/api/traces?service=orders&start=yesterday', `unable to parse param 'start': "yesterday" is not an integer`],
    ['/api/traces?service=orders&end=1.5', `unable to parse param 'end': "1.5" is not an integer`],
    ['/api/traces?service=orders&start=2000&end=1000', "'end' should be after 'start'"],
    ['/api/traces?service=orders&lookback=a%20week', expect.stringContaining("unable to parse param 'lookback'")],
    ['/api/traces?service=orders&tags=%7Bbad', expect.stringMatching(/^malformed 'tags' parameter, cannot parse JSON: /)],
    ['/api/traces?service=orders&tags=%5B1%5D', "malformed 'tags' parameter, want a JSON object of strings"],
    ['/api/traces?service=orders&tags=%7B%22a%22%3A%7B%7D%7D', `malformed 'tags' parameter, the value of "a" is not a string`],
    ['/api/traces?service=orders&tags=justakey', "malformed 'tags' parameter, expecting key=value pairs or a JSON object, received: justakey"],
    ['/api/traces?service=orders&tag=nocolon', "malformed 'tag' parameter, expecting key:value, received: nocolon"],
    ['/api/traces?traceID=xyz', 'cannot parse traceID "xyz": want up to 32 hex digits'],
    ['/api/traces/not-hex', 'cannot parse traceID "not-hex": want up to 32 hex digits'],
    ['/api/services/%E0%A4%A/operations', 'cannot decode "%E0%A4%A" in the path'],
    ['/api/operations', "parameter 'service' is required"],
    ['/api/dependencies?endTs=now', `unable to parse param 'endTs': "now" is not a non-negative integer`],
    ['/api/dependencies?lookback=-5', `unable to parse param 'lookback': "-5" is not a non-negative integer`],
    ['/api/kit/summaries?offset=-1', "param 'offset' must be at least 0, got -1"],
    ['/api/kit/summaries?minDuration=1parsec', expect.stringContaining("unable to parse param 'minDuration'")],
  ])('refuses %s with a 400 saying why', async (path, msg) => {
    expect(await api(path)).toEqual({ status: 400, body: { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 400, msg }] } });
  });

  it('answers 404 for a trace it does not hold, as Jaeger does', async () => {
    expect(await api('/api/traces/0123456789abcdef0123456789abcdef')).toEqual({
      status: 404,
      body: { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'trace not found' }] },
    });
  });
});

describe('the query API within --max-traces', () => {
  it('holds and lists only the last maxTraces traces', async () => {
    const receiver = await startReceiver({ ...FREE_PORTS, maxTraces: 2, log: () => {} });
    try {
      const url = `http://127.0.0.1:${receiver.ports.otlpHttp}/v1/traces`;
      const ids = [await exportWideTrace(url), await exportWideTrace(url), await exportWideTrace(url)];
      const summaries = (await (await fetch(`http://127.0.0.1:${receiver.ports.ui}/api/kit/summaries`)).json()) as { data: Array<{ traceID: string }> };
      expect(summaries.data.map((s) => s.traceID)).toEqual([ids[2], ids[1]]);
      expect(receiver.spans()).toHaveLength(2000);
      expect((await fetch(`http://127.0.0.1:${receiver.ports.ui}/api/traces/${ids[0]}`)).status).toBe(404);
    } finally {
      await receiver.close();
    }
  });
});
