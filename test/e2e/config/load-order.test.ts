// When the app's modules were loaded decides whether they are traced: modules loaded before
// tracing started, and an ES module app's imports without --import, are not. Each case, in a
// real process, must say so once, naming the modules and the fix; the right order says nothing.
import { SpanKind } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type Receiver } from '@kit/receiver';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startService, type Service } from '../helpers/spawn';

const API_APP = path.join(__dirname, 'fixtures', 'api-app');
const APP = path.join(__dirname, '..', 'fixtures', 'app');

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver({ ...FREE_PORTS });
});
afterAll(() => receiver?.close());

async function kitWarnings(cwd: string, args: string[], env: Record<string, string> = {}): Promise<string[]> {
  const app: Service = await startService({
    name: args.join(' '),
    cwd,
    args,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.ports.otlpHttp}`, ...env },
    ready: /listening on (\d+)/,
  });
  await app.stop();
  return app.output().split('\n').filter((line) => line.startsWith('[@kit/register] warning'));
}

describe('startTracing() after the modules it instruments', () => {
  it('warns once, naming them and the fix', async () => {
    const warnings = await kitWarnings(API_APP, ['app.cjs'], { LOAD_ORDER: 'late' });
    expect(warnings).toEqual([
      expect.stringMatching(/^\[@kit\/register\] warning: express was loaded before tracing started, so it is not traced; call startTracing\(\) before anything loads them .* node -r @kit\/register/),
    ]);
  });

  it('says nothing when it runs first', async () => {
    expect(await kitWarnings(API_APP, ['app.cjs'])).toEqual([]);
  });
});

describe("startTracing() after Node's own http", () => {
  it('traces the server and its outgoing calls all the same, and says nothing', async () => {
    // `import http from 'node:http'` above the call compiles to this order: http is loaded first.
    const dir = mkdtempSync(path.join(tmpdir(), 'kit-early-http-'));
    writeFileSync(
      path.join(dir, 'server.js'),
      [
        "const http = require('node:http');",
        `require(${JSON.stringify(require.resolve('@kit/register/api'))}).startTracing();`,
        "const server = http.createServer((req, res) => res.end('ok')).listen(0, '127.0.0.1', () => {",
        "  http.get({ host: '127.0.0.1', port: server.address().port, path: '/inner' }, (res) => {",
        "    res.resume().on('end', () => console.log('listening on ' + server.address().port));",
        '  });',
        '});',
      ].join('\n'),
    );
    const warnings = await kitWarnings(dir, ['server.js'], { OTEL_SERVICE_NAME: 'early-http' }).finally(() => rmSync(dir, { recursive: true, force: true }));
    expect(warnings).toEqual([]);
    const { spans } = await receiver.waitForTrace((trace) => trace.spans.some((span) => span.serviceName === 'early-http' && span.kind === SpanKind.SERVER), { timeoutMs: 10_000 });
    const client = spans.find((span) => span.kind === SpanKind.CLIENT);
    const server = spans.find((span) => span.kind === SpanKind.SERVER);
    expect(client).toBeDefined();
    expect(server).toMatchObject({ traceId: client!.traceId, parentSpanId: client!.spanId, attributes: expect.objectContaining({ 'url.path': '/inner' }) });
  });
});

describe('an ES module app', () => {
  it('started with -r: warns once to use --import', async () => {
    const warnings = await kitWarnings(APP, ['-r', '@kit/register', 'app.mjs']);
    expect(warnings).toEqual(['[@kit/register] warning: app.mjs is an ES module and -r does not hook import: what it imports (express, pg, ...) is not traced; start it with node --import @kit/register app.mjs']);
  });

  it('a .js file under "type": "module", started with -r: the same', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kit-esm-'));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'esm-app', type: 'module' }));
    writeFileSync(path.join(dir, 'server.js'), "import http from 'node:http';\nconst s = http.createServer((q, r) => r.end('ok')).listen(0, '127.0.0.1', () => console.log('listening on ' + s.address().port));\n");
    const warnings = await kitWarnings(dir, ['-r', require.resolve('@kit/register'), 'server.js']).finally(() => rmSync(dir, { recursive: true, force: true }));
    expect(warnings).toEqual([expect.stringContaining('server.js is an ES module and -r does not hook import')]);
  });

  it('using the API without --import: warns once to use --import', async () => {
    const warnings = await kitWarnings(API_APP, ['app.mjs']);
    // express was imported before startTracing() ran, too: --import fixes both, so one line.
    expect(warnings).toEqual([
      '[@kit/register] warning: app.mjs is an ES module and startTracing() cannot hook import: what it imports (express, pg, ...) is not traced; start it with node --import @kit/register app.mjs (configured by the environment) instead',
    ]);
  });

  it('started with --import: says nothing', async () => {
    expect(await kitWarnings(APP, ['--import', '@kit/register', 'app.mjs'])).toEqual([]);
  });
});
