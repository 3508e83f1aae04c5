'use strict';
// `node bench/profile/callgrind-functions.js <config> [KEY=value ...]`: where the machine
// instructions of one steady-state request go, function by function, JavaScript included.
// The app runs under callgrind with instrumentation off while it warms up (WARM_UP requests),
// on for COUNTED requests; V8 writes its perf map (`--perf-basic-prof`), by which the JIT
// code's addresses, nameless to callgrind, get their JavaScript names. Prints the inclusive
// cost per request of the TOP functions (env TOP, default 120); SELF=1 prints their own costs
// instead (what a function spends outside its callees). Needs valgrind; ~1 minute. Traces are
// exported nowhere unless a KEY=value says otherwise (OTEL_TRACES_EXPORTER=otlp: to a sink).
// Inclusive costs of one function are split over its tiers (interpreted, baseline, maglev,
// turbofan: the `~ ^ + *` marks) and over recursion, so read them as orders of magnitude.
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runOnBenchNode } = require('../lib/bench-node');
const { configurations, appCommand } = require('../lib/configs');
const { helloRequests, SEMI_SPACE_FLAGS } = require('../lib/hello-requests');
const { killAfter, exited, waitForLine } = require('../lib/processes');
const { startSink } = require('../lib/sink');

runOnBenchNode();

const WARM_UP = Number(process.env.WARM_UP ?? 1500);
const COUNTED = Number(process.env.COUNTED ?? 2000);
const TOP = Number(process.env.TOP ?? 120);
const SELF = process.env.SELF === '1';
const [name = 'kit', ...overrides] = process.argv.slice(2);

/** Sorted [start, size, name] of the JIT code V8 listed in its perf map. */
function readPerfMap(file) {
  const entries = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const match = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
    if (match) entries.push([parseInt(match[1], 16), parseInt(match[2], 16), match[3]]);
  }
  return entries.sort((a, b) => a[0] - b[0]);
}

/** The JavaScript name of the code at `address`: the last listed code that covers it. */
function nameAt(entries, address) {
  let low = 0;
  let high = entries.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (entries[middle][0] <= address) low = middle + 1;
    else high = middle - 1;
  }
  for (let i = high; i >= 0 && address - entries[i][0] < 1 << 20; i--) {
    if (address < entries[i][0] + entries[i][1]) return entries[i][2];
  }
  return undefined;
}

async function main() {
  const sink = await startSink({ core: 1, lifetimeMs: 25 * 60_000 });
  const base = configurations({ sinkPort: sink.port })[name];
  if (!base) throw new Error(`unknown configuration ${name}`);
  const extra = Object.fromEntries(overrides.map((pair) => pair.split(/=(.*)/s, 2)));
  const config = { ...base, env: { ...base.env, OTEL_TRACES_EXPORTER: 'none', ...extra } };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-callgrind-'));
  const flags = ['--perf-basic-prof', '--interpreted-frames-native-stack', `--logfile=${dir}/v8.log`, ...SEMI_SPACE_FLAGS];
  const { args, env } = appCommand(config, flags);
  const out = `${dir}/out`;
  const child = spawn('valgrind', ['--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${out}`, process.execPath, ...args], {
    cwd: path.join(__dirname, '..', '..'),
    env,
    stdio: ['ignore', 'pipe', 'ignore', 'ipc'],
  });
  killAfter(child, 20 * 60_000);
  const perfMap = `/tmp/perf-${child.pid}.map`;
  try {
    const [, port] = await waitForLine(child, /^ready (\d+)$/, 5 * 60_000, 'the app under valgrind');
    await helloRequests(Number(port), WARM_UP);
    execFileSync('callgrind_control', ['--instr=on', String(child.pid)], { stdio: 'ignore' });
    await helloRequests(Number(port), COUNTED);
    execFileSync('callgrind_control', ['--instr=off', String(child.pid)], { stdio: 'ignore' });
    child.kill('SIGTERM');
    await exited(child);
    const entries = readPerfMap(perfMap);
    const annotated = execFileSync('callgrind_annotate', [`--inclusive=${SELF ? 'no' : 'yes'}`, '--threshold=100', out], { encoding: 'utf8', maxBuffer: 256 << 20 });
    console.log(`${name} ${overrides.join(' ')}: ${SELF ? 'self' : 'inclusive'} k instructions per request (${process.version}, ${COUNTED} requests)`);
    let shown = 0;
    for (const line of annotated.split('\n')) {
      const match = /^\s*([\d,]+) \([ \d.]+%\)\s+(.*)$/.exec(line);
      // Skip callgrind's recursion clones (`name'2`): their inclusive costs count nested calls again.
      if (!match || shown >= TOP || /'\d+(?: \[|$)/.test(match[2])) continue;
      const cost = Number(match[1].replace(/,/g, '')) / COUNTED / 1000;
      const jit = /0x([0-9a-f]{8,16})/.exec(match[2]);
      const label = jit ? `JS ${nameAt(entries, parseInt(jit[1], 16)) ?? match[2]}` : match[2].replace(/ \[[^\]]*\]$/, '');
      console.log(`${cost.toFixed(1).padStart(9)}k  ${label.replace(/\(v8::internal[^)]*\)/g, '').slice(0, 160)}`);
      shown++;
    }
  } finally {
    child.kill('SIGKILL');
    sink.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(perfMap, { force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
