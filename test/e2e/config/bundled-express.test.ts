// An app bundled with esbuild, as TypeScript services often ship: express inlined into the app's
// file is never loaded from node_modules, so its instrumentation cannot patch it. The kit says so
// once, after the first response, naming the fix; marked external, express is traced and nothing
// is said.
import { SpanKind } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type Receiver } from '@kit/receiver';
import { buildSync } from 'esbuild';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startService } from '../helpers/spawn';

const REPO = path.join(__dirname, '..', '..', '..');

let receiver: Receiver;
let dir: string;
beforeAll(async () => {
  receiver = await startReceiver({ ...FREE_PORTS });
  dir = mkdtempSync(path.join(tmpdir(), 'kit-bundled-'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bundled-app', private: true, dependencies: { express: '*' } }));
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
  // Serves one request to itself, then ends.
  writeFileSync(
    path.join(dir, 'app.js'),
    `const express = require('express');
const http = require('node:http');
const app = express();
app.get('/hello/:name', (req, res) => res.send('hi ' + req.params.name));
const server = app.listen(0, '127.0.0.1', () => {
  http.get({ host: '127.0.0.1', port: server.address().port, path: '/hello/bundle' }, (res) => res.resume().on('end', () => {
    console.log('served');
    server.close();
  }));
});
`,
  );
  for (const [name, external] of [['inlined', []], ['external', ['express']]] as const) {
    buildSync({ entryPoints: [path.join(dir, 'app.js')], bundle: true, platform: 'node', external: [...external], outfile: path.join(dir, 'dist', `${name}.js`), logLevel: 'silent' });
  }
});
afterAll(() => {
  receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => receiver.clear());

async function run(bundle: string): Promise<string[]> {
  const app = await startService({
    name: bundle,
    cwd: dir,
    args: ['-r', require.resolve('@kit/register'), path.join('dist', bundle)],
    env: { OTEL_SERVICE_NAME: bundle, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.ports.otlpHttp}` },
    ready: /^served$/m,
  });
  await app.exited;
  return app.output().split('\n').filter((line) => line.startsWith('[@kit/register] warning'));
}

const serverSpan = async (service: string) =>
  (await receiver.waitForSpans((spans) => spans.some((span) => span.serviceName === service && span.kind === SpanKind.SERVER), { timeoutMs: 10_000 })).find(
    (span) => span.serviceName === service && span.kind === SpanKind.SERVER,
  );

test('express inlined by the bundler: one warning naming the fix, and indeed no route on the server span', async () => {
  expect(await run('inlined.js')).toEqual([
    '[@kit/register] warning: express is bundled into the app (it served a request but was never loaded from node_modules), so its routes and handlers are not traced; mark it external in the bundler (esbuild --external:express, webpack externals)',
  ]);
  expect((await serverSpan('inlined.js'))?.attributes['http.route']).toBeUndefined();
});

test('express marked external: traced, and nothing said', async () => {
  expect(await run('external.js')).toEqual([]);
  expect((await serverSpan('external.js'))?.attributes['http.route']).toBe('/hello/:name');
});
