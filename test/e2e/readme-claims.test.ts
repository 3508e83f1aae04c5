// What README.md's "More on some variables" says is what the kit does: the detector names and
// that the env attributes always apply, the jaeger_remote defaults, the TLS variables the OTLP
// exporters read, OTEL_SEMCONV_STABILITY_OPT_IN changing nothing, the console exporter on stdout;
// the receiver's JSON API refusing a bad limit, and deploy/README's drawing of a request.
import { SpanKind } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type Receiver, type ReceivedSpan, type Trace } from '@kit/receiver';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSettings, RESOURCE_DETECTORS } from '../../packages/register/src/config/settings';
import { startSamples } from './helpers/samples';
import { startService } from './helpers/spawn';

const ROOT = join(__dirname, '..', '..');
const APP_DIR = join(__dirname, 'fixtures', 'app');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SECTION = README.slice(README.indexOf('### More on some variables'), README.indexOf('## What it costs'));

/** The section's bullet about `subject`, on one line. */
function bullet(subject: string): string {
  const found = SECTION.split('\n- ').find((item) => item.replace(/^`/, '').startsWith(subject));
  if (!found) throw new Error(`README's "More on some variables" has no item on ${subject}`);
  return found.replace(/\s+/g, ' ');
}

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver({ ...FREE_PORTS });
});
afterAll(() => receiver?.close());

/** Runs the fixture app once (one request to itself, then it exits, flushing); its trace and output. */
async function runOnce(service: string, env: Record<string, string>): Promise<{ trace: Trace; stdout: string; stderr: string }> {
  const app = await startService({
    name: service,
    cwd: APP_DIR,
    args: ['-r', '@kit/register', 'app.cjs'],
    env: { MODE: 'once', OTEL_SERVICE_NAME: service, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.ports.otlpHttp}`, ...env },
    ready: /listening on (\d+)/,
  });
  let stdout = '';
  let stderr = '';
  app.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  app.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  expect(await app.exited).toEqual({ code: 0, signal: null });
  const trace = await receiver.waitForTrace((t) => t.spans.some((span) => span.serviceName === service && span.name === 'GET /hello'));
  return { trace, stdout, stderr: app.output().replace(stdout, '') + stderr };
}

const server = (trace: Trace) => trace.spans.find((span) => span.kind === SpanKind.SERVER && span.name === 'GET /hello')!;

describe('OTEL_NODE_RESOURCE_DETECTORS', () => {
  const text = bullet('OTEL_NODE_RESOURCE_DETECTORS');

  test('the values README names are the ones the kit accepts', () => {
    const named = [...text.matchAll(/`([a-z]+)`/g)].map((match) => match[1]);
    expect(new Set(named)).toEqual(new Set([...RESOURCE_DETECTORS, 'all', 'none']));
    expect(readSettings({ OTEL_NODE_RESOURCE_DETECTORS: 'all' }).settings.resourceDetectors).toEqual([...RESOURCE_DETECTORS]);
    expect(text).toMatch(/serviceinstance` \(.*not in the default\)/);
    expect(readSettings({}).settings.resourceDetectors).not.toContain('serviceinstance');
  });

  test('none drops the detected attributes but OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES still apply; all adds service.instance.id', async () => {
    const none = (await runOnce('claims-detectors-none', { OTEL_NODE_RESOURCE_DETECTORS: 'none', OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=readme' })).trace;
    const resource = server(none).resource;
    expect({ service: resource['service.name'], env: resource['deployment.environment.name'], host: resource['host.name'], pid: resource['process.pid'] }).toEqual({
      service: 'claims-detectors-none',
      env: 'readme',
      host: undefined,
      pid: undefined,
    });
    const all = (await runOnce('claims-detectors-all', { OTEL_NODE_RESOURCE_DETECTORS: 'all' })).trace;
    expect(server(all).resource).toMatchObject({ 'service.instance.id': expect.any(String), 'host.name': expect.any(String), 'process.pid': expect.any(Number) });
  });
});

test('the jaeger_remote argument defaults are the ones README spells out', () => {
  const text = bullet('OTEL_TRACES_SAMPLER=jaeger_remote');
  const defaults = /defaults `endpoint=(\S+)`.*`pollingIntervalMs=(\d+)` and `initialSamplingRate=([\d.]+)`/.exec(text);
  expect(defaults).not.toBeNull();
  for (const name of ['jaeger_remote', 'parentbased_jaeger_remote']) {
    expect(readSettings({ OTEL_TRACES_SAMPLER: name }).settings.sampler.remote).toEqual({
      endpoint: defaults![1].replace(/\)$/, ''),
      pollingIntervalMs: Number(defaults![2]),
      initialSamplingRate: Number(defaults![3]),
    });
  }
});

describe('TLS variables', () => {
  const text = bullet('TLS for OTLP');
  const base = [...new Set([...text.matchAll(/`(OTEL_EXPORTER_OTLP_[A-Z_]+)`/g)].map((match) => match[1]))].filter((name) => !name.endsWith('_') && !name.includes('_TRACES_'));
  const names = base.flatMap((name) => [name, name.replace('OTEL_EXPORTER_OTLP_', 'OTEL_EXPORTER_OTLP_TRACES_')]);

  test('each name README gives is accepted without a warning, and a misspelt one is not', () => {
    expect(base).toEqual(['OTEL_EXPORTER_OTLP_CERTIFICATE', 'OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE', 'OTEL_EXPORTER_OTLP_CLIENT_KEY', 'OTEL_EXPORTER_OTLP_INSECURE']);
    for (const name of names) expect({ name, warnings: readSettings({ [name]: '/etc/ssl/ca.pem' }).warnings }).toEqual({ name, warnings: [] });
    expect(readSettings({ OTEL_EXPORTER_OTLP_CERTIFICATES: '/etc/ssl/ca.pem' }).warnings).toEqual([expect.stringMatching(/^OTEL_EXPORTER_OTLP_CERTIFICATES is not a variable/)]);
  });
});

// One run for three claims: the TLS file is read by the exporter, the semconv opt-in changes
// nothing, and the console exporter writes to stdout.
test('the OTLP exporter reads OTEL_EXPORTER_OTLP_CERTIFICATE, OTEL_SEMCONV_STABILITY_OPT_IN changes nothing, the console exporter writes to stdout', async () => {
  expect(bullet('OTEL_SEMCONV_STABILITY_OPT_IN')).toMatch(/accepted \(no warning\) but changes nothing/);
  expect(bullet('OTEL_TRACES_EXPORTER=console')).toMatch(/\*\*stdout\*\*/);
  const { trace, stdout, stderr } = await runOnce('claims-run', {
    OTEL_TRACES_EXPORTER: 'otlp,console',
    OTEL_SEMCONV_STABILITY_OPT_IN: 'http/dup,database/dup',
    OTEL_EXPORTER_OTLP_CERTIFICATE: '/nonexistent/ca.pem',
    OTEL_LOG_LEVEL: 'warn',
  });
  // The upstream exporter tried to read the file (and the app ran on).
  expect(stderr).toMatch(/Failed to read root certificate file/);
  expect(stderr).not.toMatch(/OTEL_SEMCONV_STABILITY_OPT_IN/);
  const attributes = server(trace).attributes;
  expect({ stable: attributes['http.request.method'], old: attributes['http.method'] }).toEqual({ stable: 'GET', old: undefined });
  expect(stdout).toContain(`traceId: '${trace.traceId}'`);
  expect(stderr).not.toContain(trace.traceId);
});

test("the receiver's JSON API answers GET /api/traces?limit=abc with a 400 and a message", async () => {
  const response = await fetch(`http://127.0.0.1:${receiver.ports.otlpHttp}/api/traces?limit=abc`);
  expect({ status: response.status, body: await response.json() }).toEqual({ status: 400, body: { error: 'limit must be a positive integer, got "abc"' } });
});

/** Each line of a drawn trace as "service depth name" (a pg span's database name left out). */
function drawnTree(drawing: string): string[] {
  const lines = drawing.split('\n');
  // The tree starts in the root line's name column.
  const column = /^\S+\s+/.exec(lines[0])![0].length;
  return lines.map((line) => {
    const [, prefix, name] = /^([│├└─ ]*)(.+?)(\s{2,}.*)?$/.exec(line.slice(column))!;
    return `${line.split(' ')[0]} ${prefix.length / 3} ${name.replace(/^(pg\.query:\w+) .*/, '$1')}`;
  });
}

/** The same for a received trace: depth first, children in the order they started. */
function receivedTree(spans: ReceivedSpan[]): string[] {
  const lines: string[] = [];
  const walk = (span: ReceivedSpan, depth: number): void => {
    lines.push(`${span.serviceName} ${depth} ${span.name.replace(/^(pg\.query:\w+) .*/, '$1')}`);
    spans
      .filter((child) => child.parentSpanId === span.spanId)
      .sort((a, b) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)))
      .forEach((child) => walk(child, depth + 1));
  };
  walk(spans.find((span) => span.parentSpanId === undefined)!, 0);
  return lines;
}

test("deploy/README's trace of GET /hello/Ada is the tree the samples produce", async () => {
  const deployReadme = readFileSync(join(ROOT, 'deploy', 'README.md'), 'utf8');
  const block = /\*\*A trace of `GET \/hello\/Ada`\*\*[\s\S]*?```\n([\s\S]*?)\n```/.exec(deployReadme)![1];
  const drawn = drawnTree(block.split('\n').filter((line) => /^\S/.test(line)).join('\n'));
  const samples = await startSamples({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.ports.otlpHttp}`, KIT_INSTR_PG_REQUIRE_PARENT_SPAN: 'true' });
  try {
    expect((await fetch(`${samples.frontendUrl}/hello/Ada`)).status).toBe(200);
    const trace = await receiver.waitForTrace(
      (t) => t.spans.some((span) => span.name === 'GET /hello/:name' && span.attributes['url.path'] === '/hello/Ada') && t.spans.length >= drawn.length,
      { timeoutMs: 20_000 },
    );
    expect(receivedTree(trace.spans)).toEqual(drawn);
  } finally {
    await samples.stop();
  }
});
