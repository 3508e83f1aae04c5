'use strict';
// `node bench/profile/variants.js [seconds] [rounds]`: the kit's per-request cost under settings
// that a user (or the kit's defaults) could change, against bare, interleaved, medians.
// Each variant is the kit configuration plus a few environment variables, except the one that
// isolates the cost of context propagation alone.
const { ensureUpstream } = require('../lib/upstream');
const { runOnBenchNode } = require('../lib/bench-node');
const { configurations } = require('../lib/configs');
const { startSink } = require('../lib/sink');
const { measureLoad } = require('../lib/measure');
const { median, rotate } = require('../lib/stats');

const path = require('node:path');

const CONTEXT_ONLY = path.join(__dirname, 'async-local-storage-only.js');
const VARIANTS = {
  'kit (defaults)': {},
  'only http (no express spans)': { OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http' },
  'express: no request_handler spans': { KIT_INSTR_EXPRESS_IGNORE_LAYERS_TYPE: 'request_handler,middleware,router' },
  'semconv: stable http only': { OTEL_SEMCONV_STABILITY_OPT_IN: 'http' },
  'sampler always_off': { OTEL_TRACES_SAMPLER: 'always_off' },
  'sampler 1%': { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.01' },
  'sampler 1% no exporter': { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.01', OTEL_TRACES_EXPORTER: 'none' },
  // The same sampler's path recording nothing: beside it, what the recorded 1% cost.
  'sampler ratio 0': { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' },
  'no exporter': { OTEL_TRACES_EXPORTER: 'none' },
};
// Comma-separated names: a name itself has no comma.
const ONLY = process.env.VARIANTS?.split(',');

const [seconds = '6', rounds = '2'] = process.argv.slice(2);

runOnBenchNode();

async function main() {
  const upstreamRegister = await ensureUpstream(console.error);
  const sink = await startSink({ core: 1, lifetimeMs: 30 * 60_000 });
  try {
    const { bare, kit } = configurations({ sinkPort: sink.port, upstreamRegister });
    const configs = {
      bare,
      'bare + AsyncLocalStorage per request': { preload: CONTEXT_ONLY, env: {} },
      ...Object.fromEntries(Object.entries(VARIANTS).filter(([name]) => !ONLY || ONLY.includes(name)).map(([name, env]) => [name, { ...kit, env: { ...kit.env, ...env } }])),
    };
    const results = Object.fromEntries(Object.keys(configs).map((name) => [name, []]));
    for (let round = 0; round < Number(rounds); round++) {
      for (const name of rotate(Object.keys(configs), round)) {
        results[name].push(await measureLoad(configs[name], sink, { connections: 50, warmupSeconds: Number(process.env.WARMUP ?? 2), seconds: Number(seconds) }));
      }
    }
    const bareRps = median(results.bare.map((r) => r.rps));
    const bareCpu = median(results.bare.map((r) => r.cpuUsPerRequest));
    console.log(`${process.version}, ${seconds} s x ${rounds} rounds`);
    for (const [name, runs] of Object.entries(results)) {
      const rps = median(runs.map((r) => r.rps));
      const cpu = median(runs.map((r) => r.cpuUsPerRequest));
      const spans = runs.reduce((sum, r) => sum + (r.spans ?? 0), 0) / runs.reduce((sum, r) => sum + r.served, 0);
      console.log(`${name.padEnd(36)} ${cpu.toFixed(1).padStart(6)} µs/req (+${(cpu - bareCpu).toFixed(1)})  ${rps.toFixed(0).padStart(6)} req/s ${(rps / bareRps).toFixed(2)}x  p99 ${median(runs.map((r) => r.p99Ms))} ms  RSS ${median(runs.map((r) => r.rssMb)).toFixed(0)} MB  ${spans.toFixed(2)} spans/req`);
    }
  } finally {
    sink.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
