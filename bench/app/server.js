'use strict';
// The app every configuration runs: Express 5 with one route. It knows nothing of tracing.
// It prints `ready <port>` once listening, answers `stats` over the IPC channel (so the
// bench can read it without an HTTP request, which would itself be traced), and shuts
// down gracefully on SIGTERM, as a real service would, so a tracing bootstrap can flush.
const express = require('express');

let served = 0;
const app = express();
app.get('/hello', (req, res) => {
  served++;
  res.send('hello');
});

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`ready ${server.address().port}\n`);
});

process.on('message', (message) => {
  if (message === 'stats') process.send({ served, rssBytes: process.memoryUsage().rss });
});

process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  if (process.connected) process.disconnect();
});
