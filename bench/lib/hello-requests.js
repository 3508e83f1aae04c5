'use strict';
// The load the callgrind tools (bench/profile/) count: keep-alive GET /hello, a few at a time.
const http = require('node:http');

const CONCURRENCY = 8;
/**
 * Under valgrind V8 would size its young generation by allocation per unit of time, which the
 * slowdown makes uneven: the tools pin it, so that counts compare between runs.
 */
const SEMI_SPACE_MB = 16;
const SEMI_SPACE_FLAGS = [`--min-semi-space-size=${SEMI_SPACE_MB}`, `--max-semi-space-size=${SEMI_SPACE_MB}`];

/** `count` keep-alive GET /hello, `CONCURRENCY` at a time. */
function helloRequests(port, count) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let sent = 0;
  const one = () =>
    sent++ < count
      ? new Promise((resolve, reject) => http.get({ host: '127.0.0.1', port, path: '/hello', agent }, (res) => res.resume().on('end', resolve)).on('error', reject)).then(one)
      : undefined;
  return Promise.all(Array.from({ length: CONCURRENCY }, one)).finally(() => agent.destroy());
}

module.exports = { helloRequests, SEMI_SPACE_FLAGS };
