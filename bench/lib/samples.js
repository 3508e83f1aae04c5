'use strict';
// The end-to-end case: the samples (express-frontend → gRPC greeter → PostgreSQL) started in
// one configuration, both services pinned to the app's core, loaded through the frontend.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { pinned, killAfter, exited, waitForLine, captureStderr } = require('./processes');
const { cleanEnv } = require('./configs');
const { autocannon, loadFigures } = require('./measure');
const { cpuMicros, cpuPerRequest } = require('./cpu');
const { rssMegabytes } = require('./rss');
const { sum } = require('./stats');

const SAMPLES = path.join(__dirname, '..', '..', 'samples');
const APP_CORE = 0;
const READY_TIMEOUT_MS = 30_000;
const SHUTDOWN_GRACE_MS = 30_000;

/** The instrumentations the samples use: upstream enables only these, the kit finds them by itself. */
const SAMPLE_INSTRUMENTATIONS = { OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,express,grpc,pg' };

function startService(name, config, env, ready, lifetimeMs) {
  const args = [...(config.preload ? ['-r', config.preload] : []), 'dist/server.js'];
  const [file, argv] = pinned(APP_CORE, process.execPath, args);
  const child = spawn(file, argv, {
    cwd: path.join(SAMPLES, name),
    env: { ...cleanEnv(), ...config.env, ...SAMPLE_INSTRUMENTATIONS, OTEL_SERVICE_NAME: name, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killAfter(child, lifetimeMs);
  const stderr = captureStderr(child);
  return waitForLine(child, ready, READY_TIMEOUT_MS, name).then(
    (match) => ({ child, address: match[1] }),
    (error) => {
      child.kill('SIGKILL');
      throw new Error(`${error.message}\n${stderr()}`);
    },
  );
}

async function stop(child) {
  child.kill('SIGTERM');
  const timer = killAfter(child, SHUTDOWN_GRACE_MS);
  const { signal } = await exited(child);
  clearTimeout(timer);
  return signal === 'SIGKILL';
}

/** One load run of GET /hello/:name on the frontend; spans counted once both services exited. */
async function measureSamplesLoad(config, sink, { connections, warmupSeconds, seconds, databaseUrl, name }) {
  await sink.take();
  const lifetimeMs = (warmupSeconds + seconds) * 1000 + 4 * SHUTDOWN_GRACE_MS;
  const greeter = await startService('grpc-greeter', config, { DATABASE_URL: databaseUrl }, /greeter listening on (\S+)/, lifetimeMs);
  let frontend;
  try {
    frontend = await startService('express-frontend', config, { GREETER_ADDR: greeter.address }, /frontend listening on (\S+)/, lifetimeMs);
    const url = `${frontend.address}/hello/${name}`;
    const warmup = await autocannon(url, { connections, seconds: warmupSeconds });
    // The app is both services: their CPU together, per request served to the client.
    const appCpu = () => cpuMicros(frontend.child.pid) + cpuMicros(greeter.child.pid);
    const cpuBefore = appCpu();
    const result = await autocannon(url, { connections, seconds });
    const cpuAfter = appCpu();
    // Right after the load, as run.js reads the Express app's: both services together.
    const rssMb = sum([rssMegabytes(frontend.child.pid), rssMegabytes(greeter.child.pid)]);
    const killed = (await stop(frontend.child)) || (await stop(greeter.child));
    const received = await sink.take();
    return {
      ...loadFigures(result),
      cpuUsPerRequest: cpuPerRequest(cpuBefore, cpuAfter, result.requests.total),
      rssMb,
      // Every request made spans, the warm-up's too.
      served: warmup.requests.total + result.requests.total,
      spans: received.spans,
      traces: received.traces,
      killed,
    };
  } finally {
    frontend?.child.kill('SIGKILL');
    greeter.child.kill('SIGKILL');
  }
}

module.exports = { measureSamplesLoad };
