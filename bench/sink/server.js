'use strict';
// The OTLP/HTTP endpoint the traced configurations export to. During a load run it only
// answers 200 (an empty ExportTraceServiceResponse) and keeps the raw bodies, so the
// sink costs as little CPU as possible on the load generator's core; spans are decoded
// and counted afterwards, on request from the bench, over the IPC channel.
const http = require('node:http');
const { countSpans } = require('./count-spans');

const TRACES_PATH = '/v1/traces';
let bodies = [];
let lastRequestAt = 0;

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    if (req.method === 'POST' && req.url === TRACES_PATH) {
      bodies.push({ contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      lastRequestAt = Date.now();
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    } else {
      res.writeHead(404).end();
    }
  });
});

const handlers = {
  // How long since the last export arrived, so the bench can wait for the sink to go quiet.
  idle: () => ({ requests: bodies.length, idleMs: lastRequestAt ? Date.now() - lastRequestAt : null }),
  // Decodes what arrived since the last take, and forgets it.
  take: async () => {
    const taken = bodies;
    bodies = [];
    lastRequestAt = 0;
    return { requests: taken.length, ...(await countSpans(taken)) };
  },
};

process.on('message', async ({ id, command }) => {
  try {
    process.send({ id, result: await handlers[command]() });
  } catch (error) {
    process.send({ id, error: String(error?.stack ?? error) });
  }
});
process.on('disconnect', () => server.close());

server.listen(0, '127.0.0.1', () => process.send({ ready: server.address().port }));
