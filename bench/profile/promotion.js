'use strict';
// `node bench/profile/promotion.js <config> [KEY=value ...]`: bytes allocated and promoted to V8's
// old generation per request of the bench app in one configuration (bench/lib/configs.js), from
// V8's own GC trace (--trace-gc-nvp). Garbage that dies young costs a scavenge almost nothing;
// what survives two scavenges is copied twice, promoted, and only freed by a full collection,
// and V8 grows the young generation when much survives: that is where a traced app's extra GC
// time and RSS come from. Bare promotes ~0 bytes a request. The young generation is fixed
// (bench/lib/hello-requests.js) so that runs compare; traces are exported nowhere unless a
// KEY=value says otherwise (OTEL_TRACES_EXPORTER=otlp: to a sink, as in the bench). ~20 s a
// configuration.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { runOnBenchNode } = require('../lib/bench-node');
const { configurations, appCommand } = require('../lib/configs');
const { helloRequests, SEMI_SPACE_FLAGS } = require('../lib/hello-requests');
const { killAfter, exited, waitForLine } = require('../lib/processes');
const { startSink } = require('../lib/sink');

runOnBenchNode();

const WARM_UP = 3000;
const MEASURED = 20000;
const [name = 'kit', ...overrides] = process.argv.slice(2);

/** Sum of the fields of the GC trace lines printed while `work` ran. */
async function gcTotals(child, work) {
  const lines = [];
  const collect = (chunk) => lines.push(...String(chunk).split('\n'));
  child.stdout.on('data', collect);
  await work();
  child.stdout.off('data', collect);
  const totals = { scavenges: 0, fullCollections: 0, promoted: 0, allocated: 0, pauseMs: 0 };
  for (const line of lines) {
    const fields = Object.fromEntries(line.split(/\s+/).map((pair) => pair.split('=')));
    if (!fields.gc) continue;
    if (fields.gc === 's') totals.scavenges++;
    else totals.fullCollections++;
    totals.promoted += Number(fields.promoted ?? 0);
    totals.allocated += Number(fields.allocated ?? 0);
    totals.pauseMs += Number(fields.pause ?? 0);
  }
  return totals;
}

async function main() {
  // A sink to export to, for a KEY=value that turns the exporter on (OTEL_TRACES_EXPORTER=otlp).
  const sink = await startSink({ core: 1, lifetimeMs: 5 * 60_000 });
  const base = configurations({ sinkPort: sink.port })[name];
  if (!base) throw new Error(`unknown configuration ${name}`);
  const extra = Object.fromEntries(overrides.map((pair) => pair.split(/=(.*)/s, 2)));
  const { args, env } = appCommand({ ...base, env: { ...base.env, OTEL_TRACES_EXPORTER: 'none', ...extra } }, ['--trace-gc-nvp', ...SEMI_SPACE_FLAGS]);
  const child = spawn(process.execPath, args, { cwd: path.join(__dirname, '..', '..'), env, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  killAfter(child, 5 * 60_000);
  try {
    const [, port] = await waitForLine(child, /^ready (\d+)$/, 60_000, 'the app');
    await helloRequests(Number(port), WARM_UP);
    const t = await gcTotals(child, () => helloRequests(Number(port), MEASURED));
    const perRequest = (bytes) => `${(bytes / MEASURED).toFixed(0)} B`;
    console.log(
      `${name} ${overrides.join(' ')}: per request ${perRequest(t.allocated)} allocated, ${perRequest(t.promoted)} promoted; ` +
        `${t.scavenges} scavenges, ${t.fullCollections} full collections, ${t.pauseMs.toFixed(0)} ms of pauses over ${MEASURED} requests (${process.version})`,
    );
    child.kill('SIGTERM');
    await exited(child);
  } finally {
    child.kill('SIGKILL');
    sink.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
