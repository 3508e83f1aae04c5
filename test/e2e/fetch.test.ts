// Node's global fetch under `node -r @kit/register`: the trace crosses it, its client span follows
// the http client spans' rules, and the app sees exactly what it would see without the kit.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type Receiver, type ReceivedSpan } from '@kit/receiver';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { startService, type Service } from './helpers/spawn';
import { attribute, formatTree, one } from './helpers/trace-tree';

const APP_DIR = path.join(__dirname, 'fixtures', 'fetch-app');
const WAIT = { timeoutMs: 10_000 };

let receiver: Receiver;
/** The service the app fetches: answers with the headers it received, and keeps them. */
let downstream: Server;
let received: IncomingHttpHeaders[] = [];
let downstreamUrl: string;

beforeAll(async () => {
  receiver = await startReceiver({ ...FREE_PORTS });
  downstream = createServer((req, res) => {
    received.push(req.headers);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(req.headers));
  });
  await new Promise<void>((resolve) => downstream.listen(0, '127.0.0.1', resolve));
  downstreamUrl = `http://127.0.0.1:${(downstream.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await receiver?.close();
  await new Promise((resolve) => downstream?.close(resolve));
});
beforeEach(() => {
  receiver.clear();
  received = [];
});

function startApp(env: Record<string, string> = {}, withKit = true): Promise<Service> {
  return startService({
    name: 'fetch-app',
    cwd: APP_DIR,
    args: withKit ? ['-r', '@kit/register', 'app.cjs'] : ['app.cjs'],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.ports.otlpHttp}`, OTEL_BSP_SCHEDULE_DELAY: '100', ...env },
    ready: /listening on (\d+)/,
  });
}

async function call(app: Service, route: string, headers: Record<string, string> = {}) {
  const response = await fetch(`http://127.0.0.1:${app.ready[1]}${route}`, { headers });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

const traceparent = (traceId: string, flags: '00' | '01') => `00-${traceId}-${randomBytes(8).toString('hex')}-${flags}`;
const isFetchClient = (span: ReceivedSpan) => span.kind === SpanKind.CLIENT && span.scope.name === '@opentelemetry/instrumentation-undici';

describe('a fetch inside a traced request', () => {
  let app: Service;
  beforeAll(async () => {
    app = await startApp({ KIT_CAPTURE_HTTP_HEADERS: 'x-app' });
  });
  afterAll(() => app?.stop());

  it.each(['object', 'headers', 'request'])('carries traceparent when the app passes its headers as %s, and the app\'s header arrives', async (style) => {
    const traceId = randomBytes(16).toString('hex');
    const target = `${downstreamUrl}/greet?token=s3cret&style=${style}`;
    const answer = await call(app, `/call?style=${style}&target=${encodeURIComponent(target)}`, { traceparent: traceparent(traceId, '01') });

    // fetch-app  GET            SERVER  (child of the caller's traceparent)
    // fetch-app    GET          CLIENT  undici: traceparent -> downstream (the test's server)
    const { spans } = await receiver.waitForTrace((trace) => trace.traceId === traceId && trace.spans.some(isFetchClient) && trace.spans.some((span) => span.kind === SpanKind.SERVER), WAIT);
    const server = one(spans, 'app server span', (span) => span.kind === SpanKind.SERVER);
    const client = one(spans, 'fetch client span', isFetchClient);
    expect(client.parentSpanId).toBe(server.spanId);
    expect(answer.traceparent).toBe(`00-${traceId}-${client.spanId}-01`);
    expect(answer['x-app']).toBe(style);
    expect(received).toHaveLength(1);
    // The http client spans' rules: query values redacted, allowlisted headers recorded.
    expect(attribute(client, 'url.full')).toBe(`${downstreamUrl}/greet?token=REDACTED&style=${style}`);
    expect(client.attributes['http.request.header.x-app']).toEqual([style]);
  });

  it('propagates an unsampled trace as unsampled, with the same trace id, and records nothing', async () => {
    const traceId = randomBytes(16).toString('hex');
    const answer = await call(app, `/call?style=object&target=${encodeURIComponent(`${downstreamUrl}/greet`)}`, { traceparent: traceparent(traceId, '00') });
    expect(answer.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-00$`));
    expect(answer['x-app']).toBe('object');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.spans().filter((span) => span.traceId === traceId)).toEqual([]);
  });

  it('gives a refused connection an error span, and the app its rejection unchanged', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/nobody`;
    await new Promise((resolve) => closed.close(resolve)); // the port is free again: connection refused

    const route = `/fail?target=${encodeURIComponent(target)}`;
    const traced = await call(app, route);
    const bare = await startApp({}, false);
    try {
      expect(traced).toEqual(await call(bare, route));
    } finally {
      await bare.stop();
    }
    expect(traced).toMatchObject({ rejected: true, isTypeError: true, message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });

    // fetch-app  GET      SERVER
    // fetch-app    GET    CLIENT  ERROR, error.type ECONNREFUSED, exception event
    const { spans } = await receiver.waitForTrace((trace) => trace.spans.some(isFetchClient) && trace.spans.some((span) => span.kind === SpanKind.SERVER), WAIT);
    const server = one(spans, 'app server span', (span) => span.kind === SpanKind.SERVER);
    const client = one(spans, 'fetch client span', isFetchClient);
    expect(client).toMatchObject({ parentSpanId: server.spanId, status: { code: SpanStatusCode.ERROR }, attributes: { 'error.type': 'ECONNREFUSED' } });
    expect(client.events.map((event) => event.name)).toEqual(['exception']);
  });
});

describe('the first fetch of the process', () => {
  it('is traced too: the instrumentation is loaded by it, and handed it', async () => {
    const app = await startApp();
    try {
      const traceId = randomBytes(16).toString('hex');
      const answer = await call(app, `/call?style=object&target=${encodeURIComponent(`${downstreamUrl}/first`)}`, { traceparent: traceparent(traceId, '01') });
      const { spans } = await receiver.waitForTrace((trace) => trace.traceId === traceId && trace.spans.some(isFetchClient), WAIT);
      const client = one(spans, 'fetch client span', isFetchClient);
      expect(answer.traceparent).toBe(`00-${traceId}-${client.spanId}-01`);
    } finally {
      await app.stop();
    }
  });
});

describe('the kit\'s own fetch calls', () => {
  it('make no span: the jaeger_remote sampler polls its endpoint unseen', async () => {
    let polls = 0;
    const sampling = createServer((_req, res) => {
      polls++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 1 } }));
    });
    await new Promise<void>((resolve) => sampling.listen(0, '127.0.0.1', resolve));
    const app = await startApp({
      OTEL_TRACES_SAMPLER: 'jaeger_remote',
      OTEL_TRACES_SAMPLER_ARG: `endpoint=http://127.0.0.1:${(sampling.address() as AddressInfo).port},pollingIntervalMs=100,initialSamplingRate=1`,
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await call(app, `/call?style=object&target=${encodeURIComponent(`${downstreamUrl}/after-polls`)}`);
      await receiver.waitForSpans((spans) => spans.some(isFetchClient), WAIT);
      expect(polls).toBeGreaterThan(2);
      const urls = receiver.spans().filter(isFetchClient).map((span) => String(attribute(span, 'url.full')));
      expect({ urls, tree: formatTree(receiver.spans()) }).toMatchObject({ urls: [`${downstreamUrl}/after-polls`] });
    } finally {
      await app.stop();
      await new Promise((resolve) => sampling.close(resolve));
    }
  });
});
