// The app's other libraries, traced by the official instrumentations the app installed itself:
// the kit finds them in the app's package.json, loads them from the app's install, and passes
// them their KIT_INSTR_<NAME>_<OPTION> options. Real Redis (127.0.0.1:6379) and MariaDB
// (127.0.0.1:3306); REDIS_URL and MYSQL_URL override them.
import { SpanKind } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type Receiver, type ReceivedSpan } from '@kit/receiver';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startService, type Service } from './helpers/spawn';
import { PLAIN_HTTP_SERVER } from './helpers/plain-http-server';
import { attribute, one } from './helpers/trace-tree';

const APP_DIR = path.join(__dirname, 'fixtures', 'app-libraries');
const WAIT = { timeoutMs: 10_000 };
const DATABASES = {
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  MYSQL_URL: process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
};

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver({ ...FREE_PORTS });
});
afterAll(() => receiver?.close());
beforeEach(() => receiver.clear());

function startApp(env: Record<string, string> = {}): Promise<Service> {
  return startService({
    name: 'app-libraries',
    cwd: APP_DIR,
    args: ['-r', '@kit/register', 'app.cjs'],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.ports.otlpHttp}`, OTEL_BSP_SCHEDULE_DELAY: '100', ...DATABASES, ...env },
    ready: /listening on (\d+)/,
  });
}

async function get(app: Service, route: string): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${app.ready[1]}${route}`);
  expect(response.status).toBe(200);
  return response.json();
}

const scopeIs = (name: string) => (span: ReceivedSpan) => span.scope.name === `@opentelemetry/instrumentation-${name}`;
const isServer = (span: ReceivedSpan) => span.kind === SpanKind.SERVER;
const warnings = (app: Service) => app.output().split('\n').filter((line) => line.includes('warning'));

describe('an app whose package.json lists @opentelemetry/instrumentation-ioredis and -mysql2', () => {
  let app: Service;
  beforeAll(async () => {
    app = await startApp({ KIT_INSTR_IOREDIS_REQUIRE_PARENT_SPAN: 'false', KIT_INSTR_MYSQL2_MASK_STATEMENT: 'true' });
  });
  afterAll(() => app?.stop());

  it('loads both from the app\'s install, says so, and warns of nothing', () => {
    expect(app.output()).toMatch(/instrumentations [^|]*\bioredis,mysql2\b/);
    expect(warnings(app)).toEqual([]);
  });

  it('traces Redis commands as children of the request\'s server span', async () => {
    expect(await get(app, '/redis')).toEqual({ value: 'traced' });
    // app-libraries  GET       SERVER
    // app-libraries    set     CLIENT  db.system redis
    // app-libraries    get     CLIENT
    const { spans } = await receiver.waitForTrace((trace) => trace.spans.some(isServer) && trace.spans.filter(scopeIs('ioredis')).length === 2, WAIT);
    const server = one(spans, 'server span', isServer);
    const commands = spans.filter(scopeIs('ioredis'));
    expect(commands.map((span) => span.name).sort()).toEqual(['get', 'set']);
    for (const command of commands) {
      expect(command).toMatchObject({ kind: SpanKind.CLIENT, traceId: server.traceId, parentSpanId: server.spanId });
    }
  });

  it('traces MySQL queries as children of the request\'s server span, with its options from KIT_INSTR_MYSQL2_*', async () => {
    expect(await get(app, '/mysql')).toEqual({ answer: 42 });
    // app-libraries  GET             SERVER
    // app-libraries    SELECT test   CLIENT  db.query.text masked (KIT_INSTR_MYSQL2_MASK_STATEMENT=true)
    const { spans } = await receiver.waitForTrace((trace) => trace.spans.some(isServer) && trace.spans.some(scopeIs('mysql2')), WAIT);
    const server = one(spans, 'server span', isServer);
    const query = one(spans, 'mysql2 span', scopeIs('mysql2'));
    expect(query).toMatchObject({ kind: SpanKind.CLIENT, traceId: server.traceId, parentSpanId: server.spanId });
    expect(attribute(query, 'db.query.text', 'db.statement')).toBe('SELECT ? AS answer');
  });

  it('passes KIT_INSTR_IOREDIS_REQUIRE_PARENT_SPAN=false: the PING before any request is a span of its own', async () => {
    // Exported long ago (before this test's clear), so restart to see it arrive.
    const fresh = await startApp({ KIT_INSTR_IOREDIS_REQUIRE_PARENT_SPAN: 'false' });
    try {
      const ping = await receiver.waitForSpans((spans) => spans.some((span) => scopeIs('ioredis')(span) && span.name === 'ping'), WAIT);
      expect(ping.find((span) => span.name === 'ping')?.parentSpanId).toBeUndefined();
    } finally {
      await fresh.stop();
    }
  });
});

describe('the enabled and disabled lists name the app\'s instrumentations too', () => {
  it('OTEL_NODE_DISABLED_INSTRUMENTATIONS=ioredis: no Redis spans', async () => {
    const app = await startApp({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'ioredis' });
    try {
      expect(app.output()).toMatch(/instrumentations [^|]*\bmysql2\b/);
      expect(app.output()).not.toMatch(/instrumentations [^|]*\bioredis\b/);
      await get(app, '/redis');
      await receiver.waitForSpans((spans) => spans.some(isServer), WAIT);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.spans().filter(scopeIs('ioredis'))).toEqual([]);
    } finally {
      await app.stop();
    }
  });

  it('a name neither built in nor installed gets one warning with the npm install line, and the app serves', async () => {
    const app = await startApp({ OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,ioredis,mongodb' });
    try {
      expect(warnings(app)).toEqual([
        expect.stringMatching(/OTEL_NODE_ENABLED_INSTRUMENTATIONS="mongodb" .*: npm install @opentelemetry\/instrumentation-mongodb; using http,ioredis$/),
      ]);
      expect(app.output()).toMatch(/instrumentations http,ioredis$/m);
      expect(await get(app, '/redis')).toEqual({ value: 'traced' });
    } finally {
      await app.stop();
    }
  });
});

describe('instrumentations the kit cannot use', () => {
  /** A package in the app's node_modules: package.json plus an index.js. */
  function writePackage(dir: string, pkg: Record<string, unknown>, index: string): void {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ main: 'index.js', ...pkg }));
    writeFileSync(path.join(dir, 'index.js'), index);
  }

  it('each gets one warning naming the problem and the fix; the app runs on untraced by them', async () => {
    // An app outside the repository, so that only its own node_modules resolve.
    const dir = mkdtempSync(path.join(tmpdir(), 'kit-app-instr-'));
    const modules = path.join(dir, 'node_modules');
    const loadedMarker = "console.log('LOADED ' + __filename);";
    const dependencies = {
      '@opentelemetry/instrumentation-ioredis': '0.50.0', // made for an older OpenTelemetry release
      '@opentelemetry/instrumentation-mysql2': '0.70.0', // fails to construct
      '@opentelemetry/instrumentation-kafkajs': '0.20.0', // listed, never installed
      ioredis: '*',
      mysql2: '*',
      kafkajs: '*',
    };
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'stale-app', dependencies }));
    for (const target of ['ioredis', 'mysql2', 'kafkajs']) writePackage(path.join(modules, target), { name: target, version: '1.0.0' }, '');
    const ioredis = path.join(modules, '@opentelemetry', 'instrumentation-ioredis');
    writePackage(ioredis, { name: '@opentelemetry/instrumentation-ioredis', version: '0.50.0', dependencies: { '@opentelemetry/instrumentation': '^0.57.0' } }, loadedMarker);
    writePackage(path.join(ioredis, 'node_modules', '@opentelemetry', 'instrumentation'), { name: '@opentelemetry/instrumentation', version: '0.57.2' }, '');
    const mysql2 = path.join(modules, '@opentelemetry', 'instrumentation-mysql2');
    writePackage(
      mysql2,
      { name: '@opentelemetry/instrumentation-mysql2', version: '0.70.0', dependencies: { '@opentelemetry/instrumentation': '^0.300.0' } },
      "exports.MySQL2Instrumentation = class MySQL2Instrumentation { constructor() { throw new Error('native binding missing'); } setTracerProvider() {} };",
    );
    writePackage(path.join(mysql2, 'node_modules', '@opentelemetry', 'instrumentation'), { name: '@opentelemetry/instrumentation', version: '0.300.1' }, '');
    writeFileSync(
      path.join(dir, 'server.js'),
      PLAIN_HTTP_SERVER,
    );

    const app = await startService({
      name: 'stale-app',
      cwd: dir,
      args: ['-r', require.resolve('@kit/register'), 'server.js'],
      env: { OTEL_TRACES_EXPORTER: 'none' },
      ready: /listening on (\d+)/,
    });
    try {
      expect((await fetch(`http://127.0.0.1:${app.ready[1]}/`)).status).toBe(200);
      expect(warnings(app)).toEqual([
        expect.stringMatching(
          /@opentelemetry\/instrumentation-ioredis@0\.50\.0 is built on @opentelemetry\/instrumentation 0\.57\.2, the kit on 0\.301\.\d+: not loaded; install the release of it built on @opentelemetry\/instrumentation 0\.3xx/,
        ),
        expect.stringMatching(/@opentelemetry\/instrumentation-mysql2 could not be started \(native binding missing\): not loaded, mysql2 is not traced$/),
        expect.stringMatching(/@opentelemetry\/instrumentation-kafkajs is in the app's package\.json but not installed \(run npm install\)/),
      ]);
      expect(app.output()).not.toContain('LOADED');
      expect(app.output()).toMatch(/instrumentations http,undici \(/);
    } finally {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
