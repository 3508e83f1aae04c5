'use strict';
// `node bench/profile/instructions.js <config> [KEY=value ...]`: machine instructions per request
// of the bench app in one configuration (bench/lib/configs.js), counted by valgrind's callgrind.
// Unlike time, the count does not move with the machine's other work, so two variants can be
// told apart by a few percent on a busy host. The app serves FEW requests, then MANY; the
// difference over MANY - FEW is the steady-state cost of one request (start-up and warm-up
// cancel out). Slow: ~2 minutes a configuration. Needs valgrind. Traces are exported nowhere
// (OTEL_TRACES_EXPORTER=none) unless a KEY=value says otherwise (OTEL_TRACES_EXPORTER=otlp: to a
// sink, as in the bench); run one at a time, since the
// count moves when two valgrinds share the cores. The young generation has a fixed size
// (bench/lib/hello-requests.js): V8 otherwise sizes it by allocation per unit of time, which
// valgrind slows unevenly, and the count of a recorded request moved by ±10% between runs with
// the garbage collections that followed.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runOnBenchNode } = require('../lib/bench-node');
const { configurations, appCommand } = require('../lib/configs');
const { helloRequests, SEMI_SPACE_FLAGS } = require('../lib/hello-requests');
const { killAfter, exited, waitForLine } = require('../lib/processes');
const { startSink } = require('../lib/sink');

runOnBenchNode();

// FEW=5000 MANY=25000 in the environment: a longer window, past most of V8's optimizing compiles.
const FEW = Number(process.env.FEW ?? 1500);
const MANY = Number(process.env.MANY ?? 3500);
const [name = 'kit', ...overrides] = process.argv.slice(2);

/** Total instructions of the app serving `count` requests, start-up and exit included. */
async function instructions(config, count) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-callgrind-'));
  const { args, env } = appCommand(config, SEMI_SPACE_FLAGS);
  const child = spawn('valgrind', ['--tool=callgrind', `--callgrind-out-file=${dir}/out`, process.execPath, ...args], {
    cwd: path.join(__dirname, '..', '..'),
    env,
    stdio: ['ignore', 'pipe', 'ignore', 'ipc'],
  });
  killAfter(child, 20 * 60_000);
  try {
    const [, port] = await waitForLine(child, /^ready (\d+)$/, 5 * 60_000, 'the app under valgrind');
    await helloRequests(Number(port), count);
    child.kill('SIGTERM');
    await exited(child);
    const totals = /^(?:summary|totals): (\d+)/m.exec(fs.readFileSync(`${dir}/out`, 'utf8'));
    return Number(totals[1]);
  } finally {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const sink = await startSink({ core: 1, lifetimeMs: 40 * 60_000 });
  try {
    const base = configurations({ sinkPort: sink.port })[name];
    if (!base) throw new Error(`unknown configuration ${name}`);
    const extra = Object.fromEntries(overrides.map((pair) => pair.split(/=(.*)/s, 2)));
    const config = { ...base, env: { ...base.env, OTEL_TRACES_EXPORTER: 'none', ...extra } };
    const few = await instructions(config, FEW);
    const many = await instructions(config, MANY);
    console.log(`${name} ${overrides.join(' ')}: ${((many - few) / (MANY - FEW) / 1000).toFixed(1)}k instructions per request (${process.version})`);
  } finally {
    sink.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
