// The collector fails while the app is under steady load: absent from the start, killed mid-run and
// brought back on the same port, or accepting connections and never answering. The app must keep
// serving as fast as with a healthy collector, hold its memory, say so in one line, and resume
// exporting by itself when the collector is back.
//
// Each faulty run is compared with a healthy app loaded at the same moment, side by side: whatever
// else the machine is doing (other test files on the 2 cores) weighs on both alike.
// Default suite: 4 s of load per scenario, tolerant bounds (2 cores shared with other test files).
// Soak: `KIT_SOAK=1 npx jest test/e2e/reliability/collector-faults --runInBand` runs 70 s per
// scenario (past the 60 s dropped-spans summary) and holds throughput and p99 within 15%.
import type { Receiver } from '@kit/receiver';
import { kitLines, MB, memoryOf, sleep, startApp, type App, type Memory } from './helpers/app';
import { freePort, startReceiverOn, startSilentCollector } from './helpers/collectors';
import { formatLoad, runLoad, type LoadResult } from './helpers/load';
import { expectWholeWorkTrace } from './helpers/whole-trace';

const SOAK = process.env.KIT_SOAK === '1';
const LOAD_MS = SOAK ? 70_000 : 4_000;
const RATE = 100; // requests/s; each /work request makes 6 spans; low enough to hold while other test files run
const TEST_TIMEOUT_MS = LOAD_MS + 30_000;
/** The bounds the faulty runs are held to, relative to the healthy app run beside each. */
const BOUNDS = SOAK
  ? { minRpsRatio: 0.85, maxP99Ratio: 1.15, p99SlackMs: 1, maxRssGrowthMb: 16 }
  : { minRpsRatio: 0.7, maxP99Ratio: 3, p99SlackMs: 25, maxRssGrowthMb: 32 };

const FAILING = /warning: export to otlp .* failed \(.*\); spans are dropped until it recovers$/;
const DROPPED = String.raw`(\d+) spans dropped \(\d+ failed to export, \d+ with the queue full\)`;
const RECOVERED = new RegExp(String.raw`export to otlp .* recovered; ${DROPPED} while it failed$`);
const SUMMARY = new RegExp(String.raw`warning: export to otlp .* still failing; ${DROPPED} in the last 60 s$`);
const STARTUP = /^\[@kit\/register\] tracing reliability \|/;

const env = (otlpPort: number) => ({
  OTEL_SERVICE_NAME: 'reliability',
  OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
  OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
  OTEL_BSP_SCHEDULE_DELAY: '100',
});

const figures: string[] = [];
afterAll(() => console.log(`load at ${RATE} req/s for ${LOAD_MS / 1000} s (bounds ${JSON.stringify(BOUNDS)}):\n${figures.join('\n')}`));

/** Something done to the app or its collector at a fraction of the load's run. */
type LoadEvent = [fraction: number, run: () => Promise<void>];

/** Steady load on /work for LOAD_MS; each event runs at its fraction of the run. */
async function underLoad(app: App, events: LoadEvent[] = []): Promise<LoadResult> {
  await runLoad({ url: `${app.url}/work`, durationMs: 500, rate: RATE }); // warm-up, not measured
  const scheduled = events.map(([fraction, run]) => sleep(fraction * LOAD_MS).then(run));
  const [load] = await Promise.all([runLoad({ url: `${app.url}/work`, durationMs: LOAD_MS, rate: RATE }), ...scheduled]);
  return load;
}

/** An app exporting to a healthy receiver: the yardstick run beside each faulty app. */
async function startHealthyApp(): Promise<{ app: App; close(): Promise<void> }> {
  const receiver = await startReceiverOn();
  const app = await startApp(env(receiver.ports.otlpHttp));
  return {
    app,
    close: async () => {
      await app.service.stop();
      await receiver.close();
    },
  };
}

/**
 * The faulty app's load (with its events) and the healthy app's at the same time, each sampling
 * its memory at the same fractions of the run.
 */
async function besideHealthy(faulty: App, healthy: App, events: LoadEvent[], memoryFractions: number[]) {
  const memory: Memory[] = [];
  const [load, healthyLoad] = await Promise.all([
    underLoad(faulty, [...events, ...memoryAt(faulty, memory, ...memoryFractions)]),
    underLoad(healthy, memoryAt(healthy, [], ...memoryFractions)),
  ]);
  return { load, healthyLoad, memory };
}

function expectServedLikeHealthy(name: string, load: LoadResult, healthy: LoadResult): void {
  figures.push(formatLoad(name, load), formatLoad('  the healthy app beside it', healthy));
  expect(healthy.failed).toBe(0);
  expect(load.failed).toBe(0);
  expect(load.rps).toBeGreaterThanOrEqual(healthy.rps * BOUNDS.minRpsRatio);
  expect(load.p99Ms).toBeLessThanOrEqual(healthy.p99Ms * BOUNDS.maxP99Ratio + BOUNDS.p99SlackMs);
}

/**
 * Memory sampled at these fractions of the run, each after a full GC in the app (/health/memory).
 * The healthy app beside a faulty one takes the same samples: their pauses weigh on both alike.
 */
function memoryAt(app: App, memory: Memory[], ...fractions: number[]): LoadEvent[] {
  return fractions.map((fraction) => [fraction, async () => void memory.push(await memoryOf(app))]);
}

/** Memory after a full GC early in the run and late in it: flat, since the kit's queue is capped. */
function expectMemoryFlat(name: string, early: Memory, late: Memory): void {
  figures.push(`${name.padEnd(34)} rss ${(early.rss / MB).toFixed(0)} -> ${(late.rss / MB).toFixed(0)} MB, heap ${(early.heapUsed / MB).toFixed(0)} -> ${(late.heapUsed / MB).toFixed(0)} MB`);
  expect(late.rss - early.rss).toBeLessThan(BOUNDS.maxRssGrowthMb * MB);
}

/** Exactly: the start-up line, one "failing" warning, the 60 s summaries (soak only), one "recovered" line. */
function expectOneLinePerStateChange(app: App, outageMs: number): void {
  const lines = kitLines(app.service);
  expect(lines.filter((line) => STARTUP.test(line))).toHaveLength(1);
  expect(lines.filter((line) => FAILING.test(line))).toHaveLength(1);
  expect(lines.filter((line) => RECOVERED.test(line))).toHaveLength(1);
  const summaries = lines.filter((line) => SUMMARY.test(line));
  expect(summaries.length).toBeLessThanOrEqual(Math.ceil(outageMs / 60_000));
  if (outageMs > 61_000) {
    expect(summaries.length).toBeGreaterThanOrEqual(1);
    expect(Number(summaries[0].match(SUMMARY)![1])).toBeGreaterThan(0);
  }
  expect(lines).toHaveLength(3 + summaries.length);
  expect(app.service.output()).not.toMatch(/unhandled|uncaught|ERR_/i);
  expect(app.service.child.exitCode).toBeNull();
}

/** Once the collector is back: a whole trace arrives, the kit says so once, and said nothing else. */
async function expectRecovery(app: App, receiver: Receiver, outageMs: number): Promise<void> {
  await expectWholeWorkTrace(app.url, receiver);
  await until(() => kitLines(app.service).some((line) => RECOVERED.test(line)), 2_000);
  expectOneLinePerStateChange(app, outageMs);
}

async function until(predicate: () => boolean, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !predicate() && Date.now() < deadline; ) await sleep(50);
}

describe('the app under steady load while the collector fails', () => {
  it(
    'healthy collector: every trace whole and not one warning',
    async () => {
      const receiver = await startReceiverOn();
      const app = await startApp(env(receiver.ports.otlpHttp));
      try {
        const memory: Memory[] = [];
        const load = await underLoad(app, memoryAt(app, memory, 0.3, 0.98));
        figures.push(formatLoad('healthy collector', load));
        expectMemoryFlat('healthy collector', memory[0], memory[1]);
        expect(load.failed).toBe(0);
        expect(load.rps).toBeGreaterThan(RATE * (SOAK ? 0.95 : 0.5));
        await expectWholeWorkTrace(app.url, receiver);
        expect(kitLines(app.service)).toEqual([expect.stringMatching(STARTUP)]);
      } finally {
        await app.service.stop();
        await receiver.close();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'collector absent from the start, then started',
    async () => {
      const port = await freePort();
      const [app, healthy] = await Promise.all([startApp(env(port)), startHealthyApp()]);
      let receiver: Receiver | undefined;
      try {
        const { load, healthyLoad, memory } = await besideHealthy(app, healthy.app, [], [0.3, 0.98]);
        expectServedLikeHealthy('collector absent', load, healthyLoad);
        expectMemoryFlat('collector absent', memory[0], memory[1]);

        receiver = await startReceiverOn(port);
        await expectRecovery(app, receiver, LOAD_MS);
      } finally {
        await Promise.all([app.service.stop(), healthy.close()]);
        await receiver?.close();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'collector killed mid-run and restarted on the same port',
    async () => {
      let receiver = await startReceiverOn();
      const port = receiver.ports.otlpHttp;
      const [app, healthy] = await Promise.all([startApp(env(port)), startHealthyApp()]);
      try {
        const events: LoadEvent[] = [
          [0.2, () => receiver.close()],
          [0.7, async () => void (receiver = await startReceiverOn(port))],
        ];
        const { load, healthyLoad, memory } = await besideHealthy(app, healthy.app, events, [0.3, 0.65]);
        expectServedLikeHealthy('collector killed and restarted', load, healthyLoad);
        expectMemoryFlat('collector killed and restarted', memory[0], memory[1]);

        receiver.clear();
        await expectRecovery(app, receiver, LOAD_MS / 2);
      } finally {
        await Promise.all([app.service.stop(), healthy.close()]);
        await receiver.close();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'collector accepting connections but never answering, then replaced by a real one',
    async () => {
      const silent = await startSilentCollector();
      const [app, healthy] = await Promise.all([startApp(env(silent.port)), startHealthyApp()]);
      let receiver: Receiver | undefined;
      try {
        const { load, healthyLoad, memory } = await besideHealthy(app, healthy.app, [], [0.3, 0.98]);
        expect(silent.connections()).toBeGreaterThan(0);
        expectServedLikeHealthy('collector never answering', load, healthyLoad);
        expectMemoryFlat('collector never answering', memory[0], memory[1]);

        await silent.close();
        receiver = await startReceiverOn(silent.port);
        await expectRecovery(app, receiver, LOAD_MS);
      } finally {
        await Promise.all([app.service.stop(), healthy.close()]);
        await receiver?.close();
        await silent.close();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
