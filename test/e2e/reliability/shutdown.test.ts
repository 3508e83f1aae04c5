// Shutdown without loss: thousands of finished spans still queued when the process is told to end
// (SIGTERM, SIGINT, or Node running out of work) all reach the receiver before it exits; with a
// collector that is gone or never answers, it still exits within the export timeout plus a margin.
import type { Receiver } from '@kit/receiver';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startService, type Exit } from '../helpers/spawn';
import { sleep, startApp, type App } from './helpers/app';
import { freePort, startReceiverOn, startSilentCollector } from './helpers/collectors';

const BURST = 5_000;
/** Queue and batch hold the whole burst and the timer never fires: only the shutdown flush sends it. */
const QUEUED = {
  OTEL_SERVICE_NAME: 'shutdown',
  BURST: String(BURST),
  OTEL_BSP_MAX_QUEUE_SIZE: '8192',
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '8192',
  OTEL_BSP_SCHEDULE_DELAY: '600000',
};
const EXPORT_TIMEOUT_MS = 1_000;
/** Process start-up to teardown on a loaded 2-core machine. */
const EXIT_MARGIN_MS = 1_500;

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiverOn();
});
afterAll(() => receiver?.close());
beforeEach(() => receiver.clear());

const burstSpans = () => receiver.spans().filter((span) => span.name.startsWith('burst'));

type Ending = 'SIGTERM' | 'SIGINT' | 'normal exit';

/** Starts the app with the burst queued, ends it as `ending` says; resolves with how it exited and how long that took. */
async function endApp(app: App, ending: Ending): Promise<{ exit: Exit; ms: number }> {
  const started = Date.now();
  if (ending !== 'normal exit') app.service.child.kill(ending);
  const exit = await app.service.exited;
  return { exit, ms: Date.now() - started };
}

describe.each([
  // [how the process ends, the app's own handlers, the exit Node would give]
  ['SIGTERM', {}, { code: null, signal: 'SIGTERM' }],
  ['SIGINT', {}, { code: null, signal: 'SIGINT' }],
  ['normal exit', { EXIT_AFTER_BURST: '1' }, { code: 0, signal: null }],
  ['SIGTERM', { OWN_SIGNALS: '1' }, { code: 0, signal: null }],
  ['SIGINT', { OWN_SIGNALS: '1' }, { code: 0, signal: null }],
  // The app's handler ends the process while the kit's flush on the signal is still exporting:
  // the shutdown that follows must wait for that export, not cut it off (the Jaeger exporter's
  // own shutdown closes its sender at once).
  ['SIGTERM', { OWN_SIGNALS: '1', OTEL_TRACES_EXPORTER: 'jaeger' }, { code: 0, signal: null }],
] as const)('%s with %j and 5000 spans queued', (ending, appEnv, expectedExit) => {
  it('delivers every queued span to a healthy receiver, then exits as the app would have', async () => {
    const endpoint: Record<string, string> =
      'OTEL_TRACES_EXPORTER' in appEnv
        ? { OTEL_EXPORTER_JAEGER_ENDPOINT: `http://127.0.0.1:${receiver.ports.jaegerHttp}/api/traces` }
        : { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.ports.otlpHttp}` };
    const app = await startApp({ ...QUEUED, ...appEnv, ...endpoint });
    if (ending !== 'normal exit') {
      await sleep(300);
      expect(burstSpans()).toHaveLength(0); // still queued, not yet exported
    }
    const { exit } = await endApp(app, ending);
    expect(exit).toEqual(expectedExit);

    const spans = burstSpans();
    expect(spans).toHaveLength(BURST);
    expect(new Set(spans.map((span) => span.spanId)).size).toBe(BURST);
    // Every child's parent arrived too: 500 whole traces of 10 spans.
    const ids = new Set(spans.map((span) => span.spanId));
    expect(spans.filter((span) => span.parentSpanId !== undefined && !ids.has(span.parentSpanId))).toEqual([]);
    if ('OWN_SIGNALS' in appEnv) expect(app.service.output()).toContain(`app handled ${ending}`);
    expect(app.service.output()).not.toContain('were not exported');
  });
});

// The app's own handler calls process.exit() while the kit's flush on the signal is still out:
// nothing more can be sent, and one line says how many spans are lost and what to do instead.
it('says how many spans are lost when the app calls process.exit() before they are sent', async () => {
  const collector = await startSilentCollector(); // never answers: the flush cannot finish first
  const app = await startApp({ ...QUEUED, OWN_SIGNALS: 'exit', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collector.port}` });
  try {
    const { exit } = await endApp(app, 'SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    const warnings = app.service.output().split('\n').filter((line) => line.startsWith('[@kit/register] warning'));
    expect(warnings).toEqual([
      `[@kit/register] warning: ${BURST} spans were not exported: the process exited (process.exit()) before they could be sent; set process.exitCode and let the process end by itself (close the server), and the kit sends them first`,
    ]);
  } finally {
    await collector.close();
  }
});

describe.each([
  ['gone (connection refused)', async () => ({ port: await freePort(), close: async () => undefined })],
  ['never answering', startSilentCollector],
] as const)('with the collector %s', (_what, startCollector) => {
  it.each(['SIGTERM', 'normal exit', 'SIGINT with the app\'s own handlers'] as const)(
    '%s exits within the export timeout plus a margin',
    async (how) => {
      const collector = await startCollector();
      const ending: Ending = how === 'normal exit' ? how : how === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
      const app = await startApp({
        ...QUEUED,
        ...(how === 'normal exit' ? { EXIT_AFTER_BURST: '1' } : {}),
        ...(how.includes('own handlers') ? { OWN_SIGNALS: '1' } : {}),
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collector.port}`,
        OTEL_EXPORTER_OTLP_TIMEOUT: String(EXPORT_TIMEOUT_MS),
      });
      try {
        const { exit, ms } = await endApp(app, ending);
        expect(exit).toEqual(how === 'SIGTERM' ? { code: null, signal: 'SIGTERM' } : { code: 0, signal: null });
        expect(ms).toBeLessThan(EXPORT_TIMEOUT_MS + EXIT_MARGIN_MS);
        if (how.includes('own handlers')) expect(app.service.output()).toContain('app handled SIGINT');
      } finally {
        await app.service.stop(0);
        await collector.close();
      }
    },
  );
});

// The pattern startTracing()'s handle is for: the app shuts tracing down itself, then exits.
it("says nothing when the app awaits startTracing()'s shutdown() before process.exit(), and every span arrives", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kit-api-exit-'));
  try {
    writeFileSync(
      path.join(dir, 'app.js'),
      `const tracing = require(${JSON.stringify(require.resolve('@kit/register/api'))}).startTracing();
const tracer = require('@opentelemetry/api').trace.getTracer('api-exit');
// As the fixture's burst: traces of 10 spans (the receiver keeps whole traces, up to a number of them).
for (let i = 0; i < ${BURST}; i += 10) {
  tracer.startActiveSpan('burst ' + i, (root) => {
    for (let j = 1; j < 10; j++) tracer.startSpan('burst ' + (i + j)).end();
    root.end();
  });
}
process.on('SIGTERM', async () => {
  await tracing.shutdown();
  tracer.startSpan('burst after shutdown').end(); // dropped by the shut-down processor, as upstream does
  process.exit(0);
});
console.log('listening on 0');
setInterval(() => undefined, 1000);
`,
    );
    const app = await startService({
      name: 'api-exit',
      cwd: dir,
      args: ['app.js'],
      env: { ...QUEUED, NODE_PATH: path.join(__dirname, '..', '..', '..', 'node_modules'), OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.ports.otlpHttp}` },
      ready: /listening on (\d+)/,
    });
    app.child.kill('SIGTERM');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(burstSpans()).toHaveLength(BURST);
    expect(app.output()).not.toContain('warning');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
