// Worker threads, as README says: `-r @kit/register` traces the main thread only; a worker that
// calls startTracing() first thing gets tracing of its own, whose spans arrive when it exits.
import { SpanKind } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type Receiver } from '@kit/receiver';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startService } from './helpers/spawn';

let receiver: Receiver;
let dir: string;
beforeAll(async () => {
  receiver = await startReceiver({ ...FREE_PORTS });
  dir = mkdtempSync(path.join(tmpdir(), 'kit-workers-'));
  // The main thread serves one request to itself, then starts a worker that does the same and
  // exits by itself; WORKER_TRACING=api has the worker call startTracing() first.
  writeFileSync(
    path.join(dir, 'app.js'),
    `const { Worker, isMainThread, parentPort } = require('node:worker_threads');
if (!isMainThread && process.env.WORKER_TRACING === 'api') {
  require(${JSON.stringify(require.resolve('@kit/register/api'))}).startTracing({ serviceName: 'in-worker' });
}
const http = require('node:http');
function roundTrip(path, done) {
  const server = http.createServer((req, res) => res.end('ok')).listen(0, '127.0.0.1', () => {
    http.get({ host: '127.0.0.1', port: server.address().port, path }, (res) => res.resume().on('end', () => server.close(done)));
  });
}
if (isMainThread) {
  roundTrip('/main', () => new Worker(__filename).on('exit', (code) => console.log('worker exited ' + code)));
} else {
  roundTrip('/worker', () => parentPort.close());
}
`,
  );
});
afterAll(() => {
  receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => receiver.clear());

async function run(env: Record<string, string>): Promise<string> {
  const app = await startService({
    name: 'worker app',
    cwd: dir,
    args: ['-r', require.resolve('@kit/register'), 'app.js'],
    env: { OTEL_SERVICE_NAME: 'main-thread', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.ports.otlpHttp}`, ...env },
    ready: /worker exited (\d+)/,
  });
  expect(app.ready[1]).toBe('0');
  expect(await app.exited).toEqual({ code: 0, signal: null });
  return app.output();
}

const serverPaths = (service: string) =>
  receiver
    .spans()
    .filter((span) => span.serviceName === service && span.kind === SpanKind.SERVER)
    .map((span) => span.attributes['url.path']);

test('-r traces the main thread, not a worker, and starts once', async () => {
  const output = await run({});
  await receiver.waitForSpans((spans) => spans.some((span) => span.kind === SpanKind.SERVER), { timeoutMs: 10_000 });
  expect(serverPaths('main-thread')).toEqual(['/main']);
  expect(receiver.spans().filter((span) => span.attributes['url.path'] === '/worker')).toEqual([]);
  expect(output.match(/\[@kit\/register\] tracing /g)).toHaveLength(1);
});

test('a worker that calls startTracing() is traced on its own, its spans flushed as it exits', async () => {
  const output = await run({ WORKER_TRACING: 'api' });
  await receiver.waitForSpans((spans) => spans.some((span) => span.serviceName === 'in-worker' && span.kind === SpanKind.SERVER), { timeoutMs: 10_000 });
  expect(serverPaths('main-thread')).toEqual(['/main']);
  expect(serverPaths('in-worker')).toEqual(['/worker']);
  const worker = receiver.spans().filter((span) => span.serviceName === 'in-worker');
  const client = worker.find((span) => span.kind === SpanKind.CLIENT);
  const server = worker.find((span) => span.kind === SpanKind.SERVER);
  expect(server).toMatchObject({ traceId: client?.traceId, parentSpanId: client?.spanId });
  expect(output).toMatch(/\[@kit\/register\] tracing in-worker /);
});
