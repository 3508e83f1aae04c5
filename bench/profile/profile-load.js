'use strict';
// `node bench/profile/profile-load.js [config] [seconds]`: runs one configuration of the bench
// under load with `node --cpu-prof`, writes bench/results/<config>-load.cpuprofile (git-ignored)
// and prints where the time went. Open the file in Chrome DevTools for the full picture.
const path = require('node:path');
const { ensureUpstream } = require('../lib/upstream');
const { runOnBenchNode } = require('../lib/bench-node');
const { configurations } = require('../lib/configs');
const { startSink } = require('../lib/sink');
const { measureLoad } = require('../lib/measure');
const { run } = require('../lib/processes');

const [name = 'kit', seconds = '10'] = process.argv.slice(2);
const RESULTS = path.join(__dirname, '..', 'results');

runOnBenchNode();

async function main() {
  const upstreamRegister = await ensureUpstream(console.error);
  const sink = await startSink({ core: 1, lifetimeMs: 10 * 60_000 });
  try {
    const config = configurations({ sinkPort: sink.port, upstreamRegister })[name];
    if (!config) throw new Error(`unknown configuration ${name}`);
    const nodeFlags = ['--cpu-prof', `--cpu-prof-dir=${RESULTS}`, `--cpu-prof-name=${name}-load.cpuprofile`];
    const load = await measureLoad(config, sink, { connections: 50, warmupSeconds: 2, seconds: Number(seconds), nodeFlags });
    console.log(`${name}: ${Math.round(load.rps)} req/s, p99 ${load.p99Ms} ms, ${load.served} served, ${load.spans} spans`);
    console.log(await run(undefined, process.execPath, [path.join(__dirname, 'summarize-cpuprofile.js'), path.join(RESULTS, `${name}-load.cpuprofile`), '30'], { timeoutMs: 60_000 }));
  } finally {
    sink.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
