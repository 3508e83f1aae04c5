// Express the instrumentation never patched: bundled into the app's file by esbuild, as
// TypeScript services often ship, or loaded with import() in a program started with -r. Its
// routes go untraced; the kit says so once, after the first response, naming both fixes. Marked
// external, or started with --import, express is traced and nothing is said.
import { SpanKind } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type Receiver } from '@kit/receiver';
import { buildSync } from 'esbuild';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startService } from '../helpers/spawn';

const REPO = path.join(__dirname, '..', '..', '..');
const WARNING =
  '[@kit/register] warning: express served a request without the instrumentation, so its routes and handlers are not traced: if the app is bundled, mark express external (esbuild --external:express, webpack externals); if it loads express with import(), start it with node --import @kit/register';

/** Serves one request to itself, then ends; `load` is how it gets express. */
const app = (load: string) => `const http = require('node:http');
(async () => {
  const express = ${load};
  const app = express();
  app.get('/hello/:name', (req, res) => res.send('hi ' + req.params.name));
  const server = app.listen(0, '127.0.0.1', () => {
    http.get({ host: '127.0.0.1', port: server.address().port, path: '/hello/there' }, (res) => res.resume().on('end', () => {
      console.log('served');
      server.close();
    }));
  });
})();
`;

let receiver: Receiver;
let dir: string;
beforeAll(async () => {
  receiver = await startReceiver({ ...FREE_PORTS });
  dir = mkdtempSync(path.join(tmpdir(), 'kit-unpatched-'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'unpatched-app', private: true, dependencies: { express: '*' } }));
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
  writeFileSync(path.join(dir, 'required.js'), app("require('express')"));
  writeFileSync(path.join(dir, 'imported.js'), app("(await import('express')).default"));
  for (const [name, external] of [['inlined', []], ['external', ['express']]] as const) {
    buildSync({ entryPoints: [path.join(dir, 'required.js')], bundle: true, platform: 'node', external: [...external], outfile: path.join(dir, 'dist', `${name}.js`), logLevel: 'silent' });
  }
});
afterAll(() => {
  receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => receiver.clear());

/** The kit's warnings, and the route on the server span. */
async function run(flag: '-r' | '--import', script: string): Promise<{ warnings: string[]; route: unknown }> {
  const kit = flag === '-r' ? require.resolve('@kit/register') : path.join(path.dirname(require.resolve('@kit/register/package.json')), 'dist', 'import.mjs');
  const service = await startService({
    name: script,
    cwd: dir,
    args: [flag, kit, script],
    env: { OTEL_SERVICE_NAME: script, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.ports.otlpHttp}` },
    ready: /^served$/m,
  });
  await service.exited;
  const isServer = (span: { serviceName: string; kind: SpanKind }) => span.serviceName === script && span.kind === SpanKind.SERVER;
  const spans = await receiver.waitForSpans((all) => all.some(isServer), { timeoutMs: 10_000 });
  return {
    warnings: service.output().split('\n').filter((line) => line.startsWith('[@kit/register] warning')),
    route: spans.find(isServer)?.attributes['http.route'],
  };
}

test('express inlined by the bundler: one warning naming the fix, and indeed no route on the server span', async () => {
  expect(await run('-r', 'dist/inlined.js')).toEqual({ warnings: [WARNING], route: undefined });
});

test('express marked external: traced, and nothing said', async () => {
  expect(await run('-r', 'dist/external.js')).toEqual({ warnings: [], route: '/hello/:name' });
});

test('express loaded with import() under -r: the same warning, and no route', async () => {
  expect(await run('-r', 'imported.js')).toEqual({ warnings: [WARNING], route: undefined });
});

test('express loaded with import() under --import: traced, and nothing said', async () => {
  expect(await run('--import', 'imported.js')).toEqual({ warnings: [], route: '/hello/:name' });
});
