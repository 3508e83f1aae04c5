// Each sample README's "Copy it into your own project", followed command by command in an empty
// folder outside the repository, as a user would: the Greeter first, then the frontend; one
// request then gives one trace across both. The test changes only what would clash with other
// suites running beside it: the README's fixed ports (localhost:4318, :50051, :8080) become free
// ones (PORT=0 for the services, the receiver's own port for OTLP), and the npm cache is
// preferred. `KIT` is this checkout, as the READMEs say.
import { SpanKind } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type ReceivedSpan, type Receiver } from '@kit/receiver';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatTree, one } from './helpers/trace-tree';
import { TEST_DATABASE_URL } from './helpers/samples';
import { startService, stopAll, type Service } from './helpers/spawn';
import { run } from './packaged/consumer';

const KIT = join(__dirname, '..', '..');

interface Block {
  kind: 'copy' | 'start';
  commands: string[];
}

/** The README's ```sh copy and ```sh start blocks, in order, each split into its commands. */
function markedBlocks(readme: string): Block[] {
  return [...readme.matchAll(/^( *)```sh (copy|start)\n([\s\S]*?)\n\1```$/gm)].map(([, indent, kind, body]) => ({
    kind: kind as Block['kind'],
    commands: commandsOf(body.split('\n').map((line) => line.slice(indent.length))),
  }));
}

/** One command per line, but a line ending in `\` goes on, and a here-document runs to its end marker. */
function commandsOf(lines: string[]): string[] {
  const commands: string[] = [];
  let current: string[] = [];
  let hereDocEnd: string | undefined;
  for (const line of lines) {
    current.push(line);
    if (hereDocEnd !== undefined) {
      if (line === hereDocEnd) hereDocEnd = undefined;
    } else {
      hereDocEnd = /<<-?'?(\w+)'?/.exec(line)?.[1];
    }
    if (hereDocEnd === undefined && !line.endsWith('\\')) {
      commands.push(current.join('\n'));
      current = [];
    }
  }
  return commands.filter((command) => command.trim() !== '' && !command.startsWith('#'));
}

let workspace: string;
let receiver: Receiver;
const services: Service[] = [];
/** README text → what this run uses instead. */
const ports = new Map<string, string>();

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'kit-sample-readmes-'));
  receiver = await startReceiver({ ...FREE_PORTS });
  ports.set('localhost:4318', `127.0.0.1:${receiver.ports.otlpHttp}`);
});

afterAll(async () => {
  await stopAll(services);
  await receiver?.close();
  rmSync(workspace, { recursive: true, force: true });
});

const withFreePorts = (command: string): string => [...ports].reduce((text, [from, to]) => text.split(from).join(to), command);

/** Runs a `copy` command with sh in `cwd`; fails the test with its output when it fails. */
async function runCommand(command: string, cwd: string): Promise<string> {
  const env = {
    KIT,
    PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  const result = await run('sh', ['-c', withFreePorts(command)], cwd, 120_000, env);
  expect({ command, code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({ command, code: 0, stderr: '' });
  return result.stdout;
}

/** Starts a `start` command (`NAME=value ... node args`): its variables, PORT=0 and HOST=127.0.0.1. */
async function startCommand(name: string, command: string, cwd: string, ready: RegExp, env: Record<string, string>): Promise<Service> {
  const words = withFreePorts(command).replace(/\\\n/g, ' ').trim().split(/\s+/);
  const node = words.indexOf('node');
  const assignments = Object.fromEntries(words.slice(0, node).map((word) => word.split('=', 2) as [string, string]));
  const service = await startService({
    name,
    cwd,
    args: words.slice(node + 1),
    env: { ...assignments, PORT: '0', HOST: '127.0.0.1', OTEL_BSP_SCHEDULE_DELAY: '200', ...env },
    ready,
    readyTimeoutMs: 30_000,
  });
  services.push(service);
  return service;
}

/** Follows the README's blocks in `dir`; what the commands printed (the last `copy` block's). */
async function follow(readme: string, dir: string, start: (command: string) => Promise<void>): Promise<string> {
  mkdirSync(dir);
  const blocks = markedBlocks(readFileSync(join(KIT, readme), 'utf8'));
  expect(blocks.map((block) => block.kind)).toContain('start');
  let printed = '';
  for (const block of blocks) {
    if (block.kind === 'start') {
      expect(block.commands).toHaveLength(1);
      await start(block.commands[0]);
      continue;
    }
    printed = '';
    for (const command of block.commands) printed += await runCommand(command, dir);
  }
  return printed;
}

test("the samples' copy steps work as written outside the repository, and give one trace across both", async () => {
  await follow('samples/grpc-greeter/README.md', join(workspace, 'greeter'), async (command) => {
    const greeter = await startCommand('greeter', command, join(workspace, 'greeter'), /greeter listening on 127\.0\.0\.1:(\d+)/, { DATABASE_URL: TEST_DATABASE_URL });
    ports.set('localhost:50051', `127.0.0.1:${greeter.ready[1]}`);
  });
  const answer = await follow('samples/express-frontend/README.md', join(workspace, 'frontend'), async (command) => {
    expect(command).toContain('GREETER_ADDR=localhost:50051');
    const frontend = await startCommand('frontend', command, join(workspace, 'frontend'), /frontend listening on http:\/\/(127\.0\.0\.1:\d+)/, {});
    ports.set('localhost:8080', frontend.ready[1]);
  });

  // The curl's answer names its trace:
  //   express-frontend  GET /hello/:name
  //   ...                 grpc.helloworld.Greeter/SayHello   CLIENT
  //   grpc-greeter          grpc.helloworld.Greeter/SayHello SERVER
  //   grpc-greeter            pg.query:...
  const { traceId } = JSON.parse(answer) as { traceId: string };
  const has = (spans: ReceivedSpan[], service: string, kind: SpanKind): boolean => spans.some((span) => span.serviceName === service && span.kind === kind);
  const trace = await receiver.waitForTrace(
    (t) => t.traceId === traceId && has(t.spans, 'grpc-greeter', SpanKind.SERVER) && has(t.spans, 'express-frontend', SpanKind.CLIENT),
    { timeoutMs: 15_000 },
  );
  const tree = formatTree(trace.spans);
  const client = one(trace.spans, 'gRPC client span', (span) => span.serviceName === 'express-frontend' && span.kind === SpanKind.CLIENT && span.name.includes('SayHello'));
  const server = one(trace.spans, 'gRPC server span', (span) => span.serviceName === 'grpc-greeter' && span.kind === SpanKind.SERVER);
  expect({ tree, parent: server.parentSpanId }).toEqual({ tree, parent: client.spanId });
  expect({ tree, pg: trace.spans.some((span) => span.serviceName === 'grpc-greeter' && span.name.startsWith('pg.query')) }).toEqual({ tree, pg: true });
}, 240_000);
