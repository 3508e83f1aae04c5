'use strict';
// `npm run bench`: the kit against no tracing and against the upstream bootstrap, on the same
// Express app, interleaved, medians of several rounds. BENCH_QUICK=1 (or --quick) for a fast
// pass while iterating; BENCH_CONFIGS=bare,upstream to run only some configurations;
// BENCH_NODE=22 (or 20) to measure on another Node than 24.
const fs = require('node:fs');
const path = require('node:path');
const { ensureUpstream, UPSTREAM_DIR, UPSTREAM_PACKAGE, UPSTREAM_VERSION } = require('./lib/upstream');
const { configurations } = require('./lib/configs');
const { startSink } = require('./lib/sink');
const { measureStartup, measureLoad } = require('./lib/measure');
const { installedTree } = require('./lib/install-size');
const { describeMachine } = require('./lib/machine');
const { summarize, latestJson, table } = require('./lib/report');
const { rotate } = require('./lib/stats');
const { runOnBenchNode } = require('./lib/bench-node');

runOnBenchNode();

const REPO = path.join(__dirname, '..');
const LATEST = path.join(__dirname, 'results', 'latest.json');
const SINK_CORE = 1;
const BENCH_DEADLINE_MS = 30 * 60_000;

// Past the first export (OTEL_BSP_SCHEDULE_DELAY, 5 s), which loads the exporter once: the
// measured window is the steady state, what every later request costs.
const WARMUP_SECONDS = 6;
const QUICK = process.env.BENCH_QUICK === '1' || process.argv.includes('--quick');
const PLAN = QUICK
  ? { startupRuns: 3, rounds: 1, connections: 50, warmupSeconds: 1, seconds: 3 }
  : { startupRuns: 20, rounds: 3, connections: 50, warmupSeconds: WARMUP_SECONDS, seconds: 8 };

const log = (line) => process.stderr.write(`[bench] ${line}\n`);

async function main() {
  const upstreamRegister = await ensureUpstream(log);
  const sink = await startSink({ core: SINK_CORE, lifetimeMs: BENCH_DEADLINE_MS });
  try {
    const all = configurations({ sinkPort: sink.port, upstreamRegister });
    const selected = process.env.BENCH_CONFIGS?.split(',') ?? Object.keys(all);
    const configs = Object.fromEntries(selected.map((name) => [name, all[name] ?? fail(`unknown configuration ${name}`)]));
    if (!configs.bare) fail('bare is the baseline of every ratio; keep it in BENCH_CONFIGS');
    if (selected.some((name) => name.startsWith('kit'))) assertKitBuilt();
    const names = Object.keys(configs);
    const samples = Object.fromEntries(names.map((name) => [name, { startup: [], loads: [] }]));
    log(`${QUICK ? 'quick' : 'full'} run: ${JSON.stringify(PLAN)}`);

    // One unmeasured start each, so the first measured one does not pay for a cold disk cache.
    for (const name of names) await measureStartup(configs[name]);
    for (let run = 0; run < PLAN.startupRuns; run++) {
      for (const name of rotate(names, run)) samples[name].startup.push(await measureStartup(configs[name]));
    }
    log(`start-up: ${names.map((n) => `${n} ${samples[n].startup.map(Math.round).join('/')}`).join(', ')}`);

    for (let round = 0; round < PLAN.rounds; round++) {
      for (const name of rotate(names, round)) {
        const load = await measureLoad(configs[name], sink, PLAN);
        samples[name].loads.push(load);
        log(`round ${round + 1} ${name}: ${load.cpuUsPerRequest?.toFixed(1)} CPU µs/req, ${Math.round(load.rps)} req/s, p99 ${load.p99Ms} ms, RSS ${load.rssMb.toFixed(0)} MB, ` +
          `${load.served} served, ${load.spans} spans in ${load.traces} traces, ${load.exports} exports, stopped in ${load.stopMs} ms` +
          `${load.killed ? ' (KILLED)' : ''}${load.countError ? ` (${load.countError})` : ''}`);
      }
    }

    const installs = {
      kit: await installedTree(REPO, ['-w', 'packages/register']),
      upstream: await installedTree(UPSTREAM_DIR, []),
    };
    const figures = Object.fromEntries(names.map((name) => [name, summarize(samples[name], installs[name.replace(/_1pct$/, '')])]));

    const machine = describeMachine();
    process.stdout.write(`\n${table(figures)}\n\n`);
    process.stdout.write(`${UPSTREAM_PACKAGE}@${UPSTREAM_VERSION}; ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.node}; ${machine.pinning}\n`);
    if (QUICK || names.length !== Object.keys(all).length) {
      log(`not writing ${path.relative(REPO, LATEST)}: only a full run of every configuration does`);
    } else {
      fs.writeFileSync(LATEST, JSON.stringify(latestJson(machine, new Date().toISOString(), figures), null, 2) + '\n');
      log(`wrote ${path.relative(REPO, LATEST)}`);
    }
  } finally {
    sink.close();
  }
}

function assertKitBuilt() {
  try {
    require.resolve('@kit/register', { paths: [REPO] });
  } catch {
    fail('@kit/register is not built: run `npm run build` (or `npm run bench`, which builds first)');
  }
}

function fail(message) {
  throw new Error(message);
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exitCode = 1;
});
