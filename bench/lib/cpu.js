'use strict';
// CPU time a process has used (user + system), read from /proc: it counts only the time the
// app ran, whether or not the load generator saturated first, which requests/s cannot tell.
const fs = require('node:fs');

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux that Node supports

/** µs of CPU used so far by `pid`, or null where /proc is not there. */
function cpuMicros(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, hence the last ')'): utime is the
    // 14th field of the line and stime the 15th, i.e. the 12th and 13th after the name.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** µs of CPU per request over a measured window: (CPU after - CPU before) / requests. */
function cpuPerRequest(before, after, requests) {
  return before == null || after == null || !requests ? null : (after - before) / requests;
}

module.exports = { cpuMicros, cpuPerRequest };
