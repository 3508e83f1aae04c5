'use strict';
// Runs bench/sink/server.js as a child (on the load generator's core) and asks it for counts.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { pinned, killAfter } = require('./processes');

const SERVER = path.join(__dirname, '..', 'sink', 'server.js');
const REPO = path.join(__dirname, '..', '..');

async function startSink({ core, lifetimeMs }) {
  const [file, argv] = pinned(core, process.execPath, [SERVER]);
  const child = spawn(file, argv, { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  killAfter(child, lifetimeMs);
  const port = await new Promise((resolve, reject) => {
    child.once('message', ({ ready }) => resolve(ready));
    child.once('exit', (code) => reject(new Error(`the sink exited (${code}) before listening`)));
  });
  let nextId = 0;
  const ask = (command) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const onMessage = (message) => {
        if (message.id !== id) return;
        child.off('message', onMessage);
        if (message.error) reject(new Error(message.error));
        else resolve(message.result);
      };
      child.on('message', onMessage);
      child.send({ id, command });
    });
  return {
    port,
    /** Spans and traces received since the last take. */
    take: () => ask('take'),
    idle: () => ask('idle'),
    close: () => child.kill('SIGTERM'),
  };
}

module.exports = { startSink };
