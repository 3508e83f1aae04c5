'use strict';
// `node bench/guard.js` (run by .ci/run): a short per-request-cost check on Node 24. The kit's
// CPU µs per request over bare, measured here beside bare in one run, against the figure in
// bench/results/latest.json. Absolute times move with the machine and its other work, so the
// overhead is compared as a fraction of bare's own cost, and only a gross regression fails:
// more than twice the committed fraction. Each round's fraction is taken against that round's
// bare, measured next to it: a slow spell of the host then moves both sides of a fraction, where
// medians taken apart once put bare at twice its cost and the kit below bare.
const path = require('node:path');
const { runOnBenchNode } = require('./lib/bench-node');
const { configurations } = require('./lib/configs');
const { startSink } = require('./lib/sink');
const { measureLoad } = require('./lib/measure');
const { median, rotate } = require('./lib/stats');

runOnBenchNode();

const LATEST = require(path.join(__dirname, 'results', 'latest.json'));
const CHECKED = ['kit', 'kit_1pct'];
const TOLERANCE = 2;
// Warm-up past the first export (5 s), which loads the exporter once; then a short window.
// Three rounds: a median of two is their mean, and one slow round on a busy host moved it by half.
const PLAN = { rounds: 3, connections: 50, warmupSeconds: 6, seconds: 3 };

const log = (line) => process.stderr.write(`[bench guard] ${line}\n`);

/** Overhead over bare as a fraction of bare's CPU per request. */
const overheadFraction = (cpu, bareCpu) => (cpu - bareCpu) / bareCpu;

async function main() {
  const sink = await startSink({ core: 1, lifetimeMs: 10 * 60_000 });
  try {
    const all = configurations({ sinkPort: sink.port });
    const names = ['bare', ...CHECKED];
    const cpu = Object.fromEntries(names.map((name) => [name, []]));
    for (let round = 0; round < PLAN.rounds; round++) {
      for (const name of rotate(names, round)) cpu[name].push((await measureLoad(all[name], sink, PLAN)).cpuUsPerRequest);
    }
    log(`CPU µs/req by round: ${names.map((name) => `${name} ${cpu[name].map((us) => us.toFixed(1)).join(' / ')}`).join('; ')}`);
    const bare = median(cpu.bare);
    const committedBare = LATEST.results.bare.cpu_us_per_request_median;
    let failed = false;
    for (const name of CHECKED) {
      const now = median(cpu[name].map((us, round) => overheadFraction(us, cpu.bare[round])));
      const committed = overheadFraction(LATEST.results[name].cpu_us_per_request_median, committedBare);
      const verdict = now <= TOLERANCE * committed ? 'ok' : 'REGRESSION';
      failed ||= verdict !== 'ok';
      log(`${name}: +${(median(cpu[name]) - bare).toFixed(1)} µs/req over bare (${bare.toFixed(1)} µs), medians; ` +
        `${(100 * now).toFixed(0)}% of bare, the median of the rounds' fractions; committed ${(100 * committed).toFixed(0)}%, limit ${(100 * TOLERANCE * committed).toFixed(0)}%: ${verdict}`);
    }
    if (failed) process.exitCode = 1;
  } finally {
    sink.close();
  }
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exitCode = 1;
});
