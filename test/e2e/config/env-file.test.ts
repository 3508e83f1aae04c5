// OTEL_* settings in the app's .env: read when Node loads the file before the kit starts
// (--env-file), ignored otherwise, and then one warning says which and how to fix it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startService } from '../helpers/spawn';
import { PLAIN_HTTP_SERVER } from '../helpers/plain-http-server';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kit-dotenv-'));
  writeFileSync(path.join(dir, '.env'), 'OTEL_SERVICE_NAME=from-dotenv\nOTEL_TRACES_EXPORTER=none\n');
  writeFileSync(path.join(dir, 'server.js'), PLAIN_HTTP_SERVER);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function kitLines(args: string[]): Promise<string[]> {
  const app = await startService({ name: args.join(' '), cwd: dir, args, ready: /listening on (\d+)/ });
  await app.stop();
  return app.output().split('\n').filter((line) => line.startsWith('[@kit/register]'));
}

test('-r with the settings only in .env: one warning naming them and the fix, and the defaults used', async () => {
  const lines = await kitLines(['-r', require.resolve('@kit/register'), 'server.js']);
  expect(lines.filter((line) => line.includes('warning'))).toEqual([
    '[@kit/register] warning: OTEL_SERVICE_NAME, OTEL_TRACES_EXPORTER are set in .env but not in the environment tracing started with, so they are ignored: the kit starts before the app loads .env; start with node --env-file=.env (or -r dotenv/config before -r @kit/register)',
  ]);
  expect(lines.find((line) => line.includes('tracing '))).not.toContain('from-dotenv');
});

test('--env-file=.env before -r: the settings are read, and nothing is said', async () => {
  const lines = await kitLines(['--env-file=.env', '-r', require.resolve('@kit/register'), 'server.js']);
  expect(lines.filter((line) => line.includes('warning'))).toEqual([]);
  expect(lines.find((line) => line.includes('tracing '))).toMatch(/^\[@kit\/register\] tracing from-dotenv \| exporter none/);
});
