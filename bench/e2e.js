'use strict';
// `node bench/e2e.js` (part of `npm run bench`): the end-to-end case on the samples, frontend →
// gRPC greeter → PostgreSQL, in each configuration, interleaved, medians of several rounds.
// Needs a PostgreSQL server: DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test.
// BENCH_QUICK=1 for one short round. Writes bench/results/e2e.json (full runs only).
const fs = require('node:fs');
const path = require('node:path');
const { ensureUpstream } = require('./lib/upstream');
const { configurations } = require('./lib/configs');
const { startSink } = require('./lib/sink');
const { measureSamplesLoad } = require('./lib/samples');
const { median, ratio, sum, rotate } = require('./lib/stats');
const { describeMachine } = require('./lib/machine');
const { overBare } = require('./lib/report');
const { runOnBenchNode } = require('./lib/bench-node');

runOnBenchNode();

const RESULTS = path.join(__dirname, 'results', 'e2e.json');
const QUICK = process.env.BENCH_QUICK === '1' || process.argv.includes('--quick');
// Warm-up past the first export (5 s), as in run.js.
const PLAN = QUICK ? { rounds: 1, connections: 20, warmupSeconds: 1, seconds: 3 } : { rounds: 3, connections: 20, warmupSeconds: 6, seconds: 8 };
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const log = (line) => process.stderr.write(`[bench e2e] ${line}\n`);

async function main() {
  const upstreamRegister = await ensureUpstream(log);
  const sink = await startSink({ core: 1, lifetimeMs: 30 * 60_000 });
  try {
    const configs = configurations({ sinkPort: sink.port, upstreamRegister });
    const names = Object.keys(configs);
    const runs = Object.fromEntries(names.map((name) => [name, []]));
    for (let round = 0; round < PLAN.rounds; round++) {
      for (const name of rotate(names, round)) {
        // A name of its own per run: the greeter counts earlier greetings of the same name.
        const load = await measureSamplesLoad(configs[name], sink, { ...PLAN, databaseUrl: DATABASE_URL, name: `bench-${name}-${round}-${Date.now()}` });
        runs[name].push(load);
        log(`round ${round + 1} ${name}: ${load.cpuUsPerRequest?.toFixed(1)} CPU µs/req, ${Math.round(load.rps)} req/s, p99 ${load.p99Ms} ms, RSS ${load.rssMb?.toFixed(0)} MB, ${load.served} served, ${load.spans} spans${load.killed ? ' (KILLED)' : ''}`);
      }
    }
    const figures = Object.fromEntries(
      names.map((name) => {
        const loads = runs[name];
        return [name, {
          cpu_us_per_request_median: median(loads.map((l) => l.cpuUsPerRequest)),
          rps_median: median(loads.map((l) => l.rps)),
          p99_ms_median: median(loads.map((l) => l.p99Ms)),
          rss_mb_median: median(loads.map((l) => l.rssMb)),
          spans_per_request: ratio(sum(loads.map((l) => l.spans)), sum(loads.map((l) => l.served))),
          errors: sum(loads.map((l) => l.errors)),
        }];
      }),
    );
    const bare = figures.bare;
    const rows = names.map((name) => {
      const f = figures[name];
      f.cpu_us_over_bare = overBare(f, bare);
      return `| ${name} | ${f.cpu_us_per_request_median.toFixed(1)} (+${f.cpu_us_over_bare.toFixed(1)}) | ${f.rps_median.toFixed(0)} (${ratio(f.rps_median, bare.rps_median).toFixed(2)}x) | ${f.p99_ms_median} (${ratio(f.p99_ms_median, bare.p99_ms_median).toFixed(2)}x) | ${f.rss_mb_median?.toFixed(0)} (+${(f.rss_mb_median - bare.rss_mb_median).toFixed(0)}) | ${f.spans_per_request.toFixed(2)} | ${f.errors} |`;
    });
    process.stdout.write(`\nEnd to end (samples: frontend → gRPC greeter → PostgreSQL), ${PLAN.connections} connections\n\n`);
    process.stdout.write(['| config | app CPU µs/req (over bare) | req/s | p99 ms | RSS MB, both services (over bare) | spans/req | errors |', '| --- | --- | --- | --- | --- | --- | --- |', ...rows].join('\n') + '\n\n');
    if (QUICK) {
      log(`not writing ${path.relative(process.cwd(), RESULTS)}: only a full run does`);
    } else {
      const ratios = Object.fromEntries(names.map((name) => [name, { rps: ratio(figures[name].rps_median, bare.rps_median), p99: ratio(figures[name].p99_ms_median, bare.p99_ms_median), rss: ratio(figures[name].rss_mb_median, bare.rss_mb_median) }]));
      fs.writeFileSync(RESULTS, JSON.stringify({ machine: describeMachine(), date: new Date().toISOString(), results: figures, ratios }, null, 2) + '\n');
      log(`wrote ${path.relative(process.cwd(), RESULTS)}`);
    }
  } finally {
    sink.close();
  }
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exitCode = 1;
});
