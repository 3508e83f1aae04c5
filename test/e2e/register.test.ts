// @kit/register as users run it: `node -r @kit/register app.cjs` and `node --import @kit/register
// app.mjs`, exporting over each real wire format to the receiver, which decodes with the official
// schemas.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type Receiver, type ReceivedSpan, type Trace } from '@kit/receiver';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startService, type Service } from './helpers/spawn';
import { PLAIN_HTTP_SERVER } from './helpers/plain-http-server';
import { one, spansBetween } from './helpers/trace-tree';

const APP_DIR = path.join(__dirname, 'fixtures', 'app');

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver({ ...FREE_PORTS });
});
afterAll(() => receiver?.close());
beforeEach(() => receiver.clear());

const endpoints = () => ({
  otlpHttp: `http://127.0.0.1:${receiver.ports.otlpHttp}`,
  otlpGrpc: `http://127.0.0.1:${receiver.ports.otlpGrpc}`,
  jaeger: `http://127.0.0.1:${receiver.ports.jaegerHttp}/api/traces`,
  sampling: `http://127.0.0.1:${receiver.ports.sampling}`,
});

function startApp(entry: 'app.cjs' | 'app.mjs', env: Record<string, string>): Promise<Service> {
  const flag = entry === 'app.cjs' ? '-r' : '--import';
  return startService({
    name: entry,
    cwd: APP_DIR,
    args: [flag, '@kit/register', entry],
    env: { OTEL_BSP_SCHEDULE_DELAY: '100', ...env },
    ready: /listening on (\d+)/,
  });
}

async function get(app: Service, route: string, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${app.ready[1]}${route}`, { headers });
  expect(response.status).toBe(200);
  return response.json();
}

const isHelloTrace = (trace: Trace) =>
  trace.spans.some((span) => span.name === 'work') && trace.spans.filter((span) => span.kind === SpanKind.SERVER).length === 2;

/**
 * The fixture's request, as a tree:
 *   SERVER GET /hello                       (root, or child of the app's own CLIENT call in MODE=once)
 *     ...express middleware / request handler spans
 *       INTERNAL work                       (manual span, fixture.kind attribute)
 *         CLIENT GET                        (outgoing http.get, carries traceparent)
 *           SERVER GET /downstream          (same process, remote parent over HTTP)
 */
function assertHelloTree(spans: ReceivedSpan[]): void {
  const root = one(spans, 'server span of /hello', (span) => span.kind === SpanKind.SERVER && span.name === 'GET /hello');
  const work = one(spans, 'manual span', (span) => span.name === 'work');
  const client = one(spans, 'http client span under work', (span) => span.kind === SpanKind.CLIENT && span.parentSpanId === work.spanId);
  const downstream = one(spans, 'downstream server span', (span) => span.kind === SpanKind.SERVER && span.name === 'GET /downstream');

  expect(new Set(spans.map((span) => span.traceId)).size).toBe(1);
  expect(spansBetween(spans, root, work)).toBeDefined();
  expect(work.kind).toBe(SpanKind.INTERNAL);
  expect(downstream.parentSpanId).toBe(client.spanId);
  expect(downstream.name).toBe('GET /downstream');
  expect(spans.every((span) => span.status.code !== SpanStatusCode.ERROR)).toBe(true);
}

describe.each([
  // [entry, protocol env, what the receiver must have seen]
  ['app.cjs', 'otlp http/protobuf', () => ({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoints().otlpHttp }), 'otlp-http-protobuf'],
  ['app.mjs', 'otlp http/protobuf', () => ({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoints().otlpHttp }), 'otlp-http-protobuf'],
  ['app.cjs', 'otlp http/json', () => ({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoints().otlpHttp, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }), 'otlp-http-json'],
  ['app.cjs', 'otlp grpc', () => ({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoints().otlpGrpc, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }), 'otlp-grpc'],
  ['app.mjs', 'otlp grpc', () => ({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoints().otlpGrpc, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }), 'otlp-grpc'],
  ['app.cjs', 'jaeger thrift', () => ({ OTEL_TRACES_EXPORTER: 'jaeger', OTEL_EXPORTER_JAEGER_ENDPOINT: endpoints().jaeger }), 'jaeger-thrift'],
] as const)('%s exporting %s', (entry, _protocol, env, protocol) => {
  let app: Service;
  beforeAll(async () => {
    app = await startApp(entry, { OTEL_SERVICE_NAME: 'checkout', OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test', ...env() });
  });
  afterAll(() => app?.stop());

  it('sends the whole request tree, with its resource, and no span for /health', async () => {
    await get(app, '/health');
    await get(app, '/hello');
    const trace = await receiver.waitForTrace(isHelloTrace, { timeoutMs: 10_000 });
    // Let a straggler (a /health span, if the kit made one) arrive before looking for it.
    await new Promise((resolve) => setTimeout(resolve, 300));

    assertHelloTree(trace.spans);
    expect(one(trace.spans, 'root', (span) => span.name === 'GET /hello').parentSpanId).toBeUndefined();
    const work = one(trace.spans, 'manual span', (span) => span.name === 'work');
    expect(work.attributes['fixture.kind']).toBe(entry === 'app.cjs' ? 'cjs' : 'esm');
    for (const span of trace.spans) {
      expect(span.protocol).toBe(protocol);
      expect(span.serviceName).toBe('checkout');
      expect(span.resource).toMatchObject({ 'deployment.environment.name': 'test', 'service.version': '1.2.3', 'process.pid': app.child.pid });
      expect(span.resource['host.name']).toEqual(expect.any(String));
    }
    const healthSpans = receiver.spans().filter((span) => /health/.test(span.name) || span.attributes['url.path'] === '/health');
    expect(healthSpans).toEqual([]);
  });
});

describe('service name and version come from the app\'s package.json when OTEL_SERVICE_NAME is unset', () => {
  it('names the service fixture-app@1.2.3', async () => {
    const app = await startApp('app.cjs', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoints().otlpHttp, MODE: 'once' });
    await app.exited;
    const trace = await receiver.waitForTrace(isHelloTrace, { timeoutMs: 10_000 });
    expect(trace.spans[0].resource).toMatchObject({ 'service.name': 'fixture-app', 'service.version': '1.2.3' });
  });
});

describe('only what the app has is loaded', () => {
  it('skips the instrumentations whose module the app cannot resolve, and says so', async () => {
    // An app outside this repository, with no node_modules: only node's own http is there.
    const dir = mkdtempSync(path.join(tmpdir(), 'kit-plain-http-'));
    writeFileSync(
      path.join(dir, 'server.js'),
      PLAIN_HTTP_SERVER,
    );
    const app = await startService({
      name: 'plain-http',
      cwd: dir,
      args: ['-r', require.resolve('@kit/register'), 'server.js'],
      env: { OTEL_TRACES_EXPORTER: 'none' },
      ready: /listening on (\d+)/,
    });
    try {
      expect(app.output()).toMatch(/instrumentations http,undici \(not installed: express,grpc,pg,pino,winston\)/);
    } finally {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('flushing at the end of the process', () => {
  it('delivers the spans of a process that exits right after its last request', async () => {
    // The batch delay is far longer than the process lives: only the flush at exit can send them.
    const app = await startApp('app.cjs', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoints().otlpHttp, OTEL_BSP_SCHEDULE_DELAY: '60000', MODE: 'once' });
    expect(await app.exited).toEqual({ code: 0, signal: null });
    const trace = await receiver.waitForTrace(isHelloTrace, { timeoutMs: 5_000 });
    assertHelloTree(trace.spans);
  });

  it('delivers queued spans on SIGTERM, then ends by that signal as Node would', async () => {
    const app = await startApp('app.cjs', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoints().otlpHttp, OTEL_BSP_SCHEDULE_DELAY: '60000' });
    await get(app, '/hello');
    app.child.kill('SIGTERM');
    expect(await app.exited).toEqual({ code: null, signal: 'SIGTERM' });
    assertHelloTree((await receiver.waitForTrace(isHelloTrace, { timeoutMs: 5_000 })).spans);
  });

  it('delivers queued spans on SIGINT too', async () => {
    const app = await startApp('app.cjs', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoints().otlpHttp, OTEL_BSP_SCHEDULE_DELAY: '60000' });
    await get(app, '/hello');
    app.child.kill('SIGINT');
    expect(await app.exited).toEqual({ code: null, signal: 'SIGINT' });
    assertHelloTree((await receiver.waitForTrace(isHelloTrace, { timeoutMs: 5_000 })).spans);
  });

  it('delivers queued spans on an uncaught exception, which still ends the process as Node would', async () => {
    const app = await startApp('app.cjs', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoints().otlpHttp, OTEL_BSP_SCHEDULE_DELAY: '60000', MODE: 'crash' });
    expect(await app.exited).toEqual({ code: 1, signal: null });
    expect(app.output()).toContain('Error: boom from the app');
    assertHelloTree((await receiver.waitForTrace(isHelloTrace, { timeoutMs: 5_000 })).spans);
  });

  it('leaves an app that handles SIGTERM itself in control, flushes, and goes on tracing', async () => {
    const app = await startApp('app.cjs', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoints().otlpHttp, OTEL_BSP_SCHEDULE_DELAY: '60000', OWN_SIGTERM: '1' });
    await get(app, '/hello');
    app.child.kill('SIGTERM');
    assertHelloTree((await receiver.waitForTrace(isHelloTrace, { timeoutMs: 5_000 })).spans);
    expect(app.output()).toContain('app handled SIGTERM');
    expect(app.child.exitCode).toBeNull();
    // Tracing goes on while the app drains: the next request is traced and flushed on the next signal.
    receiver.clear();
    await get(app, '/hello');
    app.child.kill('SIGTERM');
    assertHelloTree((await receiver.waitForTrace(isHelloTrace, { timeoutMs: 5_000 })).spans);
    app.child.kill('SIGKILL');
  });

  it('ends promptly on SIGTERM when the collector is unreachable', async () => {
    const app = await startApp('app.cjs', {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', // discard port: nothing listens
      OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
      OTEL_BSP_SCHEDULE_DELAY: '60000',
    });
    await get(app, '/hello');
    const started = Date.now();
    app.child.kill('SIGTERM');
    expect(await app.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(Date.now() - started).toBeLessThan(1000 + 2000);
  });
});

describe('sampling', () => {
  it('parentbased_traceidratio 0 records nothing of its own, but follows a sampled parent', async () => {
    const app = await startApp('app.cjs', {
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoints().otlpHttp,
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0',
    });
    try {
      for (let i = 0; i < 5; i++) await get(app, '/hello');
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      await get(app, '/hello', { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
      const trace = await receiver.waitForTrace(isHelloTrace, { timeoutMs: 10_000 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(trace.traceId).toBe(traceId);
      expect(receiver.traces().map((t) => t.traceId)).toEqual([traceId]);
      const root = one(trace.spans, 'server span with remote parent', (span) => span.name === 'GET /hello');
      expect(root.parentSpanId).toBe('00f067aa0ba902b7');
    } finally {
      await app.stop();
    }
  });

  it.each([
    // [rate the sampling endpoint serves, initial rate before the first poll, traces expected of 10]
    [0, 1, 0],
    [1, 0, 10],
  ])('jaeger_remote applies the rate Jaeger serves (%d, initially %d)', async (served, initial, expected) => {
    const strategies = { service_strategies: [{ service: 'remote-sampled', type: 'probabilistic', param: served }], default_strategy: { type: 'probabilistic', param: 0.5 } };
    const sampling = await startReceiver({ ...FREE_PORTS, samplingStrategies: strategies });
    const app = await startApp('app.cjs', {
      OTEL_SERVICE_NAME: 'remote-sampled',
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoints().otlpHttp,
      OTEL_TRACES_SAMPLER: 'parentbased_jaeger_remote',
      OTEL_TRACES_SAMPLER_ARG: `endpoint=http://127.0.0.1:${sampling.ports.sampling},pollingIntervalMs=100,initialSamplingRate=${initial}`,
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 600)); // several polls
      receiver.clear();
      for (let i = 0; i < 10; i++) await get(app, '/hello');
      await app.stop(); // flushes
      expect(receiver.traces().filter(isHelloTrace)).toHaveLength(expected);
      expect(app.output()).not.toContain('jaeger_remote:');
    } finally {
      await app.stop();
      await sampling.close();
    }
  });
});

describe('jaeger_remote with an endpoint that does not answer', () => {
  it('says so once, with the rate it samples at meanwhile, and serves', async () => {
    const app = await startApp('app.cjs', {
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoints().otlpHttp,
      OTEL_TRACES_SAMPLER: 'parentbased_jaeger_remote',
      OTEL_TRACES_SAMPLER_ARG: 'endpoint=http://127.0.0.1:9,initialSamplingRate=1', // discard port: nothing listens
    });
    try {
      await get(app, '/hello');
      assertHelloTree((await receiver.waitForTrace(isHelloTrace, { timeoutMs: 10_000 })).spans);
      const warnings = app.output().split('\n').filter((line) => line.includes('warning'));
      expect(warnings).toEqual([expect.stringMatching(/jaeger_remote: http:\/\/127\.0\.0\.1:9\/sampling\?service=fixture-app could not be reached .*; sampling at initialSamplingRate 1 until it answers$/)]);
    } finally {
      await app.stop();
    }
  });
});

describe('OTEL_PROPAGATORS', () => {
  const traceId = '80f198ee56343ba864fe8b2a57d3eff7';
  const parentId = 'e457b5a2e4d86bd1';
  it.each([
    // [propagators, incoming headers, outgoing header that must carry the trace, its pattern]
    ['tracecontext,baggage,b3', { b3: `${traceId}-${parentId}-1` }, 'b3', new RegExp(`^${traceId}-[0-9a-f]{16}-1$`)],
    ['b3multi', { 'x-b3-traceid': traceId, 'x-b3-spanid': parentId, 'x-b3-sampled': '1' }, 'x-b3-traceid', new RegExp(`^${traceId}$`)],
    ['tracecontext,baggage,jaeger', { 'uber-trace-id': `${traceId}:${parentId}:0:1` }, 'uber-trace-id', new RegExp(`^${traceId}:[0-9a-f]{16}:0:01$`)],
  ] as const)('%s continues an incoming trace and propagates it downstream', async (propagators, incoming, outgoing, pattern) => {
    const app = await startApp('app.cjs', { OTEL_PROPAGATORS: propagators, OTEL_EXPORTER_OTLP_ENDPOINT: endpoints().otlpHttp });
    try {
      const body = (await get(app, '/hello', incoming)) as { downstream: Record<string, string | null> };
      expect(body.downstream[outgoing]).toMatch(pattern);
      const trace = await receiver.waitForTrace(isHelloTrace, { timeoutMs: 10_000 });
      expect(trace.traceId).toBe(traceId);
      expect(one(trace.spans, 'root', (span) => span.name === 'GET /hello').parentSpanId).toBe(parentId);
    } finally {
      await app.stop();
    }
  });
});

describe('OTEL_TRACES_EXPORTER=none', () => {
  it('exports nothing but still propagates context downstream', async () => {
    const app = await startApp('app.cjs', { OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: endpoints().otlpHttp });
    try {
      const traceId = '0af7651916cd43dd8448eb211c80319c';
      const body = (await get(app, '/hello', { traceparent: `00-${traceId}-b7ad6b7169203331-01` })) as { downstream: { traceparent: string } };
      expect(body.downstream.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
      expect(body.downstream.traceparent).not.toContain('b7ad6b7169203331');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(receiver.spans()).toEqual([]);
    } finally {
      await app.stop();
    }
  });
});

describe('bad configuration never stops the app', () => {
  it('warns once per bad variable and serves with the defaults', async () => {
    const app = await startApp('app.cjs', {
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoints().otlpHttp,
      OTEL_TRACES_SAMPLER: 'traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '1.7',
      OTEL_BSP_MAX_QUEUE_SIZE: 'lots',
      OTEL_TRACES_EXPORTERS: 'jaeger',
    });
    try {
      await get(app, '/hello');
      assertHelloTree((await receiver.waitForTrace(isHelloTrace, { timeoutMs: 10_000 })).spans);
      const warnings = app.output().split('\n').filter((line) => line.includes('warning'));
      expect(warnings).toHaveLength(3);
      expect(warnings.join('\n')).toMatch(/OTEL_TRACES_SAMPLER_ARG="1\.7".*using 1/);
      expect(warnings.join('\n')).toMatch(/OTEL_BSP_MAX_QUEUE_SIZE="lots".*using 2048/);
      expect(warnings.join('\n')).toMatch(/OTEL_TRACES_EXPORTERS.*did you mean OTEL_TRACES_EXPORTER\?/);
    } finally {
      await app.stop();
    }
  });

  it('does not crash an app whose stderr is closed (EPIPE on its own lines)', async () => {
    const child = spawn(process.execPath, ['-r', require.resolve('@kit/register'), '-e', "setTimeout(() => console.log('alive'), 300)"], {
      env: { ...process.env, OTEL_TRACES_EXPORTER: 'none', OTEL_TRACES_SAMPLER: 'sometimes' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr.destroy(); // the reader of the app's stderr went away
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
    clearTimeout(killer);
    expect({ code, signal, stdout }).toEqual({ code: 0, signal: null, stdout: 'alive\n' });
  });

  it('keeps serving when the collector is unreachable, with one warning', async () => {
    const app = await startApp('app.cjs', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_EXPORTER_OTLP_TIMEOUT: '500' });
    try {
      for (let i = 0; i < 5; i++) {
        await get(app, '/hello');
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      const failures = app.output().split('\n').filter((line) => line.includes('export to otlp'));
      expect(failures).toHaveLength(1);
      expect(failures[0]).toContain('spans are dropped until it recovers');
    } finally {
      await app.stop();
    }
  });
});
