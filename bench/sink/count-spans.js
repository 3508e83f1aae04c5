'use strict';
// Counts the spans in stored OTLP/HTTP export bodies by replaying them to @kit/receiver,
// which decodes them with the official OTLP protobuf schema. Replayed a few at a time and
// cleared in between, so that a long run at full sampling does not hold every span at once.
const { request } = require('node:http');

const REPLAY_CHUNK = 50;

async function countSpans(stored) {
  let startReceiver, FREE_PORTS;
  try {
    ({ startReceiver, FREE_PORTS } = require('@kit/receiver'));
  } catch (error) {
    return { spans: null, traces: null, error: `@kit/receiver is not built: ${error.message}` };
  }
  const receiver = await startReceiver({ ...FREE_PORTS, maxTraces: Number.MAX_SAFE_INTEGER });
  const traceIds = new Set();
  let spans = 0;
  try {
    for (let i = 0; i < stored.length; i += REPLAY_CHUNK) {
      await Promise.all(stored.slice(i, i + REPLAY_CHUNK).map((export_) => post(receiver.ports.otlpHttp, export_)));
      for (const span of receiver.spans()) traceIds.add(span.traceId);
      spans += receiver.spans().length;
      receiver.clear();
    }
  } finally {
    await receiver.close();
  }
  return { spans, traces: traceIds.size };
}

function post(port, { contentType, body }) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/traces', headers: { 'content-type': contentType, 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`receiver answered ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

module.exports = { countSpans };
