// `npm run demo -- --keep` with Jaeger's ports taken: it falls back to free ports, prints the web
// UI's URL and one URL per trace, those answer, and SIGTERM to npm leaves no process behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { DEFAULT_PORTS } from '@kit/receiver';
import { processTree, stillRunning, type ProcessInfo } from './helpers/process-tree';
import { TEST_DATABASE_URL } from './helpers/samples';

const ROOT = join(__dirname, '..', '..');
const HOST = '127.0.0.1';
const WEB_UI_BUILT = existsSync(join(ROOT, 'packages', 'receiver', 'dist', 'web', 'index.html'));

/** Binds the port if it is free (else someone else holds it: taken either way). */
function hold(name: string, port: number): Promise<Server | Socket | undefined> {
  return new Promise((resolve) => {
    if (name.endsWith('Udp')) {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(undefined));
      socket.bind(port, HOST, () => resolve(socket));
    } else {
      const server = createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, HOST, () => resolve(server));
    }
  });
}

let held: Array<Server | Socket | undefined> = [];
let npm: ChildProcess | undefined;
let tree: ProcessInfo[] = [];
let output = '';

beforeAll(async () => {
  held = await Promise.all(Object.entries(DEFAULT_PORTS).map(([name, port]) => hold(name, port)));
});

afterAll(() => {
  for (const holder of held) holder?.close();
  // Only if the test failed half-way: what is left of the demo's process tree.
  if (npm?.pid && npm.exitCode === null) tree.push(...processTree(npm.pid));
  for (const { pid } of stillRunning(tree)) process.kill(pid, 'SIGKILL');
});

/** Resolves once the output matches `pattern`, with the match. */
function waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} after ${timeoutMs} ms in:\n${output}`)), timeoutMs);
    npm!.once('exit', () => reject(new Error(`npm exited before ${pattern}:\n${output}`)));
    const check = (): void => {
      const match = output.match(pattern);
      if (!match) return;
      clearTimeout(timer);
      npm!.stdout!.off('data', check);
      resolve(match);
    };
    npm!.stdout!.on('data', check);
    check();
  });
}

interface JaegerTrace {
  traceID: string;
  spans: Array<{ spanID: string; operationName: string; processID: string; references: Array<{ refType: string; spanID: string }> }>;
  processes: Record<string, { serviceName: string }>;
}

test('with its ports taken, the demo uses free ones, its printed URLs answer, and SIGTERM to npm stops everything', async () => {
  // The machine's npm, run by the test's node (also for `node` in the script).
  npm = spawn('npm', ['run', 'demo:start', '--', '--keep'], {
    cwd: ROOT,
    env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, DATABASE_URL: TEST_DATABASE_URL, NO_COLOR: '1' },
  });
  npm.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  npm.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));

  await waitFor(/demo: up until Ctrl-C/, 100_000);
  const [, otlpHttp, otlpGrpc, ui] = output.match(/receiver up, OTLP\/HTTP on (\d+), OTLP\/gRPC on (\d+), web UI http:\/\/localhost:(\d+)\//)!;
  expect(Number(otlpHttp)).not.toBe(DEFAULT_PORTS.otlpHttp);
  expect(Number(otlpGrpc)).not.toBe(DEFAULT_PORTS.otlpGrpc);
  expect(Number(ui)).not.toBe(DEFAULT_PORTS.ui);

  // The summary printed last: the UI, and one URL per trace shown above it.
  const summary = output.slice(output.lastIndexOf('traces shown'));
  expect(output.lastIndexOf('traces shown')).toBeGreaterThan(output.lastIndexOf('\ntrace '));
  expect(summary).toContain(`web UI http://localhost:${ui}/`);
  expect(summary).toMatch(/Try:\n {2}curl http:\/\/127\.0\.0\.1:\d+\/hello\/you\n/);
  const traceUrls = [...summary.matchAll(/http:\/\/localhost:\d+\/trace\/([0-9a-f]{32})/g)];
  const shownIds = [...output.matchAll(/^trace ([0-9a-f]{32}) /gm)].map((match) => match[1]);
  expect(traceUrls.map((match) => match[1]).sort()).toEqual([...new Set(shownIds)].sort());
  expect(traceUrls.length).toBeGreaterThanOrEqual(3);

  const traces: JaegerTrace[] = [];
  for (const [url, traceId] of traceUrls) {
    // The UI's page (index.html for every deep link), or, in a checkout whose front end is not
    // built, the UI port's answer saying so.
    const page = await fetch(url);
    const expected = WEB_UI_BUILT ? { status: 200, type: /text\/html/ } : { status: 503, type: /text\/plain/ };
    expect({ url, status: page.status, type: page.headers.get('content-type') }).toEqual({ url, status: expected.status, type: expect.stringMatching(expected.type) });
    const api = (await (await fetch(`http://localhost:${ui}/api/traces/${traceId}`)).json()) as { data: JaegerTrace[] };
    expect(api.data.map((trace) => trace.traceID)).toEqual([traceId]);
    traces.push(api.data[0]);
  }
  // The greeting's trace crosses both services: the greeter's server span is the child of the
  // frontend's gRPC client span.
  const crossing = traces.find((trace) => new Set(Object.values(trace.processes).map((p) => p.serviceName)).size === 2)!;
  const service = (span: JaegerTrace['spans'][number]): string => crossing.processes[span.processID].serviceName;
  const greeterServer = crossing.spans.find((span) => service(span) === 'grpc-greeter' && span.operationName.startsWith('grpc.'))!;
  const parent = crossing.spans.find((span) => span.spanID === greeterServer.references.find((ref) => ref.refType === 'CHILD_OF')?.spanID);
  expect({ service: parent && service(parent), name: parent?.operationName }).toEqual({ service: 'express-frontend', name: greeterServer.operationName });

  // npm, sh, demo.js, the greeter and the frontend.
  tree = processTree(npm.pid!);
  expect(tree.filter(({ command }) => /dist\/server\.js/.test(command))).toHaveLength(2);
  const exited = new Promise((resolve) => npm!.once('exit', resolve));
  npm.kill('SIGTERM');
  await exited;
  const deadline = Date.now() + 20_000;
  while (stillRunning(tree).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  expect(stillRunning(tree).map(({ pid, command }) => `${pid} ${command}`)).toEqual([]);
  // And the ports are free again.
  await expect(fetch(`http://127.0.0.1:${ui}/`)).rejects.toThrow();
}, 150_000);
