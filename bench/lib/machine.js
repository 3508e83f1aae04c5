'use strict';
const os = require('node:os');
const { HAS_TASKSET } = require('./processes');

function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    // Other work on the host skews every figure; recorded so a reader can judge the run.
    loadAverage1m: Number(os.loadavg()[0].toFixed(2)),
    pinning: HAS_TASKSET ? 'app on core 0, autocannon and sink on core 1 (taskset)' : 'none (no taskset)',
  };
}

module.exports = { describeMachine };
