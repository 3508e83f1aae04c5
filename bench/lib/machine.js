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
    pinning: HAS_TASKSET ? 'app on core 0, autocannon and sink on core 1 (taskset)' : 'none (no taskset)',
  };
}

module.exports = { describeMachine };
