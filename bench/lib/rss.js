'use strict';
// Resident memory of a process that cannot be asked (the samples have no IPC channel): its
// VmRSS line in /proc, as process.memoryUsage().rss would report it from inside.
const fs = require('node:fs');

/** MB resident for `pid`, or null where /proc is not there. */
function rssMegabytes(pid) {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return kb ? Number(kb[1]) / 1024 : null;
  } catch {
    return null;
  }
}

module.exports = { rssMegabytes };
