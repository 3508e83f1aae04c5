'use strict';
// Starting the bench app in a configuration and talking to it.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { pinned, killAfter, exited, waitForLine, captureStderr } = require('./processes');
const { appCommand } = require('./configs');

const REPO = path.join(__dirname, '..', '..');
const READY = /^ready (\d+)$/;
const READY_TIMEOUT_MS = 30_000;

/**
 * Starts the app; resolves once it listens, with the time that took (from spawn, as a user
 * who runs `node -r … app.js` waits for it) and a handle. The app is killed after `lifetimeMs`
 * whatever happens.
 */
async function startApp(config, { core, lifetimeMs, nodeFlags }) {
  const { args, env } = appCommand(config, nodeFlags);
  const [file, argv] = pinned(core, process.execPath, args);
  const startedAt = process.hrtime.bigint();
  const child = spawn(file, argv, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  killAfter(child, lifetimeMs);
  const stderr = captureStderr(child);
  try {
    const [, port] = await waitForLine(child, READY, READY_TIMEOUT_MS, 'the app');
    const startupMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
    return { child, port: Number(port), startupMs, stderr };
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\n${stderr()}`);
  }
}

/** The app's own figures, read over IPC so that reading them is not an HTTP request. */
function appStats(child) {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send('stats');
  });
}

/** SIGTERM, as an orchestrator would; resolves once the app exited, flushed or not. */
async function stopApp(child, graceMs) {
  const startedAt = Date.now();
  child.kill('SIGTERM');
  const timer = killAfter(child, graceMs);
  const { code, signal } = await exited(child);
  clearTimeout(timer);
  return { code, signal, stopMs: Date.now() - startedAt, killed: signal === 'SIGKILL' };
}

module.exports = { startApp, appStats, stopApp };
