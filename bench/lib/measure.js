'use strict';
// One measurement of one configuration: either start-up to listening, or a load run.
const { startApp, appStats, stopApp } = require('./app');
const { run, exited } = require('./processes');
const { cpuMicros, cpuPerRequest } = require('./cpu');

const APP_CORE = 0;
const LOAD_CORE = 1;
const AUTOCANNON = require.resolve('autocannon/autocannon.js');
const SHUTDOWN_GRACE_MS = 30_000;

/** Start-up to listening, in ms. Not pinned: a user's app starts with every core available. */
async function measureStartup(config) {
  const { child, startupMs } = await startApp(config, { lifetimeMs: 60_000 });
  child.kill('SIGKILL');
  await exited(child);
  return startupMs;
}

/** A fixed-duration load of `url` from the load generator's core; autocannon's JSON result. */
function autocannon(url, { connections, seconds }) {
  const args = [AUTOCANNON, '--json', '-c', String(connections), '-d', String(seconds), url];
  return run(LOAD_CORE, process.execPath, args, { timeoutMs: (seconds + 30) * 1000 }).then(JSON.parse);
}

/** The figures the bench reports from one autocannon result. */
function loadFigures(load) {
  return {
    rps: load.requests.average,
    p50Ms: load.latency.p50,
    p99Ms: load.latency.p99,
    errors: load.errors + load.timeouts + load.non2xx,
  };
}

/**
 * Warms the app up, loads it for a fixed time, reads its RSS, stops it with SIGTERM and
 * counts what reached the sink once it exited (no export can arrive after that).
 */
async function measureLoad(config, sink, { connections, warmupSeconds, seconds, nodeFlags }) {
  await sink.take(); // forget anything a previous run left behind
  const lifetimeMs = (warmupSeconds + seconds) * 1000 + 4 * SHUTDOWN_GRACE_MS;
  const { child, port, stderr } = await startApp(config, { core: APP_CORE, lifetimeMs, nodeFlags });
  try {
    const url = `http://127.0.0.1:${port}/hello`;
    await autocannon(url, { connections, seconds: warmupSeconds });
    const before = await appStats(child);
    const cpuBefore = cpuMicros(child.pid);
    const load = await autocannon(url, { connections, seconds });
    const cpuAfter = cpuMicros(child.pid);
    const { served, rssBytes } = await appStats(child);
    const stop = await stopApp(child, SHUTDOWN_GRACE_MS);
    const received = await sink.take();
    return {
      ...loadFigures(load),
      cpuUsPerRequest: cpuPerRequest(cpuBefore, cpuAfter, served - before.served),
      rssMb: rssBytes / 2 ** 20,
      served,
      spans: received.spans,
      traces: received.traces,
      exports: received.requests,
      countError: received.error,
      stopMs: stop.stopMs,
      killed: stop.killed,
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\n${stderr()}`);
  }
}

module.exports = { measureStartup, measureLoad, autocannon, loadFigures };
