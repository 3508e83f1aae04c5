// The kit as a user gets it: both packages packed, installed from the tarballs into a fresh app
// outside the repository (no root overrides there), and that app traced with -r, with --import
// and with the API compiled by the app's own TypeScript, exporting to the receiver that the
// receiver's tarball installed as a bin.
import { SpanKind } from '@opentelemetry/api';
import type { ReceivedSpan } from '@kit/receiver';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatTree, one, spansBetween } from '../helpers/trace-tree';
import { startService, stopAll, type Service } from '../helpers/spawn';
import { createConsumerApp, run } from './consumer';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let app: string;
let receiver: Service;
let tracesUrl: string;

beforeAll(async () => {
  app = await createConsumerApp();
  receiver = await startService({
    name: 'kit-receiver',
    args: [join(app, 'node_modules', '.bin', 'kit-receiver'), '--otlp-http-port', '0', '--otlp-grpc-port', '0', '--jaeger-http-port', '0', '--sampling-port', '0', '--ui-port', '0', '--jaeger-compact-udp-port', '0', '--jaeger-binary-udp-port', '0'],
    cwd: app,
    ready: /OTLP\/HTTP\s+http:\/\/127\.0\.0\.1:(\d+)\//,
  });
  tracesUrl = `http://127.0.0.1:${receiver.ready[1]}/api/traces`;
}, 150_000);

afterAll(async () => {
  await stopAll([receiver]);
  if (app) rmSync(dirname(app), { recursive: true, force: true });
});

test('the installed tree is valid under --strict-peer-deps, with one @opentelemetry/instrumentation', async () => {
  const ls = await run('npm', ['ls', '--all'], app);
  expect({ code: ls.code, stderr: ls.stderr }).toEqual({ code: 0, stderr: '' });
  const copies = await run('npm', ['query', '#@opentelemetry/instrumentation'], app);
  expect((JSON.parse(copies.stdout) as Array<{ location: string }>).map(({ location }) => location)).toEqual(['node_modules/@opentelemetry/instrumentation']);
});

test.each(['@kit/register', '@kit/receiver'])('%s comes with its README, the Apache-2.0 license and its types', (name) => {
  const dir = join(app, 'node_modules', name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { license: string; types: string };
  expect(manifest.license).toBe('Apache-2.0');
  expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004[\s\S]*END OF TERMS AND CONDITIONS/);
  expect(readFileSync(join(dir, 'README.md'), 'utf8')).toMatch(new RegExp(`^# ${name}\n`));
  expect(existsSync(join(dir, manifest.types))).toBe(true);
});

// Each way of starting gives one trace per request:
//   GET /greet                      http, server
//     request handler               express
//       pg.query:SELECT test        pg
describe.each([
  { how: '-r, from another working directory with the absolute path', args: (dir: string) => ['-r', join(dir, 'node_modules', '@kit', 'register'), join(dir, 'server.cjs')], cwd: '/' },
  { how: '--import, an ES module app', args: () => ['--import', '@kit/register', 'server.mjs'] },
  {
    how: 'NODE_OPTIONS --import with the absolute path, from another working directory',
    args: (dir: string) => [join(dir, 'server.mjs')],
    cwd: '/',
    env: (dir: string) => ({ NODE_OPTIONS: `--import ${join(dir, 'node_modules', '@kit', 'register', 'dist', 'import.mjs')}` }),
  },
  { how: 'the API, compiled with moduleResolution node', args: () => [join('dist-node', 'server.js')], tsconfig: 'tsconfig.node.json' },
  { how: 'the API, compiled with moduleResolution node16', args: () => [join('dist-node16', 'server.js')], tsconfig: 'tsconfig.node16.json' },
])('$how', ({ how, args, cwd, env, tsconfig }) => {
  const service = `packaged-${how.replace(/\W+/g, '-')}`.slice(0, 60);

  test('traces Express and pg, in one trace, and loads no instrumentation for a module the app does not use', async () => {
    if (tsconfig) {
      const compiled = await run(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig], app);
      expect(compiled.stdout).toBe('');
    }
    const output = await serveOneRequest(service, args(app), cwd ?? app, { OTEL_EXPORTER_OTLP_ENDPOINT: tracesUrl.replace('/api/traces', ''), ...env?.(app) });
    // @grpc/grpc-js is in the app's node_modules (the OTLP gRPC exporter brought it): not used.
    expect(output).toMatch(/\| instrumentations http,undici,express,pg \(/);
    expect(output).toMatch(/\(not in the app's package\.json: grpc\)/);

    const spans = await spansOf(service, (received) => received.some(({ name }) => name.startsWith('pg.query')));
    const request = one(spans, 'server span', (span) => span.kind === SpanKind.SERVER);
    const handler = one(spans, 'express handler span', (span) => span.name.startsWith('request handler'));
    const query = one(spans, 'pg query span', (span) => span.name.startsWith('pg.query'));
    const tree = formatTree(spans);
    expect({ tree, traces: new Set(spans.map(({ traceId }) => traceId)).size }).toEqual({ tree, traces: 1 });
    expect({ tree, root: request.parentSpanId ?? '' }).toEqual({ tree, root: '' });
    expect({ tree, handlerUnderRequest: spansBetween(spans, request, handler) !== undefined }).toEqual({ tree, handlerUnderRequest: true });
    expect({ tree, queryUnderHandler: spansBetween(spans, handler, query) !== undefined }).toEqual({ tree, queryUnderHandler: true });
  });
});

// The Jaeger exporter, propagator and remote sampler are bundled apart, in dist/vendor/:
//   (remote parent, from uber-trace-id)
//     GET /greet                    exported as Jaeger Thrift over HTTP
//       request handler
//         pg.query:SELECT test
test('the bundled Jaeger exporter, propagator and remote sampler run from the installed package', async () => {
  const service = 'packaged-jaeger';
  const port = (label: string) => new RegExp(`${label}\\s+http://127\\.0\\.0\\.1:(\\d+)`).exec(receiver.output())![1];
  const parent = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
  const output = await serveOneRequest(
    service,
    ['-r', '@kit/register', 'server.cjs'],
    app,
    {
      OTEL_TRACES_EXPORTER: 'jaeger',
      OTEL_EXPORTER_JAEGER_ENDPOINT: `http://127.0.0.1:${port('Jaeger HTTP')}/api/traces`,
      OTEL_PROPAGATORS: 'jaeger',
      OTEL_TRACES_SAMPLER: 'parentbased_jaeger_remote',
      OTEL_TRACES_SAMPLER_ARG: `endpoint=http://127.0.0.1:${port('sampling')},pollingIntervalMs=60000,initialSamplingRate=0`,
    },
    { 'uber-trace-id': `${parent.traceId}:${parent.spanId}:0:1` },
  );
  expect(output).not.toMatch(/warning/);

  const spans = await spansOf(service, (received) => received.some(({ name }) => name.startsWith('pg.query')));
  const request = one(spans, 'server span', (span) => span.kind === SpanKind.SERVER);
  const query = one(spans, 'pg query span', (span) => span.name.startsWith('pg.query'));
  const tree = formatTree(spans);
  expect({ tree, traceId: request.traceId, parent: request.parentSpanId, protocol: request.protocol }).toEqual({ tree, traceId: parent.traceId, parent: parent.spanId, protocol: expect.stringMatching(/jaeger/) });
  expect({ tree, queryUnderRequest: spansBetween(spans, request, query) !== undefined }).toEqual({ tree, queryUnderRequest: true });
});

// The installed receiver's web UI: its page, a deep link to a trace the Jaeger test above sent, and
// Jaeger's query API beside them (the UI's files are in the tarball, not only in the checkout).
test('the installed kit-receiver serves its web UI and Jaeger\'s query API', async () => {
  const ui = /web UI\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(receiver.output())![1];
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  for (const path of ['/', `/trace/${traceId}`]) {
    const page = await fetch(`${ui}${path}`);
    expect({ path, status: page.status, type: page.headers.get('content-type') }).toEqual({ path, status: 200, type: 'text/html; charset=utf-8' });
    expect(await page.text()).toMatch(/<script[^>]+src="\/app\.js"/);
  }
  const script = await fetch(`${ui}/app.js`);
  expect(script.status).toBe(200);
  const { data } = (await (await fetch(`${ui}/api/traces/${traceId}`)).json()) as { data: Array<{ traceID: string; spans: Array<{ operationName: string }> }> };
  expect(data.map(({ traceID }) => traceID)).toEqual([traceId]);
  expect(data[0].spans.map(({ operationName }) => operationName)).toEqual(expect.arrayContaining(['GET /greet']));
});

test('the API types resolve under moduleResolution bundler too', async () => {
  const checked = await run(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.bundler.json'], app);
  expect(checked.stdout).toBe('');
});

/** Starts the app, makes one request to /greet, stops it (which flushes); what it printed. */
async function serveOneRequest(service: string, args: string[], cwd: string, env: Record<string, string>, headers: Record<string, string> = {}): Promise<string> {
  const server = await startService({
    name: service,
    args,
    cwd,
    env: { OTEL_SERVICE_NAME: service, SERVICE_NAME: service, DATABASE_URL, ...env },
    ready: /listening on (\d+)/,
  });
  try {
    const response = await fetch(`http://127.0.0.1:${server.ready[1]}/greet`, { headers });
    expect(await response.json()).toEqual({ greeting: 'hello' });
  } finally {
    await server.stop();
  }
  return server.output();
}

/** The spans of the service's traces, once `complete` says they have all arrived (10 s at most). */
async function spansOf(service: string, complete: (spans: ReceivedSpan[]) => boolean): Promise<ReceivedSpan[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { traces } = (await (await fetch(`${tracesUrl}?service=${service}`)).json()) as { traces: Array<{ spans: ReceivedSpan[] }> };
    const spans = traces.flatMap((trace) => trace.spans);
    if (complete(spans) || Date.now() > deadline) return spans;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
