'use strict';
// The demo's child processes (the samples and their client): each in its own process group, so
// that stopping one stops whatever it started too, and a Ctrl-C reaches them only through the
// demo, which stops them in order (frontend first) and lets the kit flush their spans.

const path = require('node:path');
const { spawn } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..', '..');
/** A service that has not printed its ready line by then has failed (the embedded DB takes ~5 s). */
const READY_TIMEOUT_MS = 60_000;
/** SIGKILL what has not exited this long after SIGTERM. */
const STOP_GRACE_MS = 5_000;

const running = new Set();

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Last resort when the demo exits with children still up (its own timeout, a crash). */
function killAll() {
  for (const child of running) signalGroup(child, 'SIGKILL');
}

/**
 * Runs `node args` in `cwd` (relative to the repository), its output prefixed with `[name]`;
 * resolves once it printed a line matching `ready` (with the match), or at once without `ready`.
 */
function startChild(name, cwd, args, env, ready) {
  const child = spawn(process.execPath, args, { cwd: path.join(ROOT, cwd), env: { ...process.env, ...env }, detached: true });
  running.add(child);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  exited.then(() => running.delete(child));

  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} was not ready after ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    const started = { name, child, exited, match: [], output: () => output };
    const onData = (chunk) => {
      const text = chunk.toString('utf8');
      for (const line of text.split('\n').filter(Boolean)) console.log(`[${name}] ${line}`);
      output += text;
      const match = ready && output.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({ ...started, match });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    if (!ready) {
      clearTimeout(timer);
      resolve(started);
    }
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (code ${code}, signal ${signal}) before it was ready`));
    });
  });
}

/** SIGTERM (the kit flushes the service's spans), SIGKILL after the grace period. */
async function stopChild({ child, exited }) {
  if (child.exitCode === null && child.signalCode === null) {
    signalGroup(child, 'SIGTERM');
    const killer = setTimeout(() => signalGroup(child, 'SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(killer);
  }
  // Whatever it started and left behind.
  signalGroup(child, 'SIGKILL');
}

module.exports = { startChild, stopChild, killAll };
