'use strict';
// Spawning the processes the bench measures: optionally pinned to one core, always with a
// hard deadline after which they are killed, never left behind.
const { spawn, spawnSync } = require('node:child_process');

const HAS_TASKSET = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** `command args` run on the given core where taskset exists (and on any core otherwise). */
function pinned(core, command, args) {
  return HAS_TASKSET && core !== undefined ? ['taskset', ['-c', String(core), command, ...args]] : [command, args];
}

/** Kills the child with SIGKILL once `ms` have passed, unless it has exited by then. */
function killAfter(child, ms) {
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  child.once('exit', () => clearTimeout(timer));
  return timer;
}

/** Resolves with the exit code and signal; rejects nothing. */
function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Resolves with the regex match of the first stdout line that matches, or rejects on exit or timeout. */
function waitForLine(child, pattern, timeoutMs, describe) {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines) {
        const match = pattern.exec(line);
        if (match) return done(null, match);
      }
    };
    const onExit = (code, signal) => done(new Error(`${describe} exited (${signal ?? code}) before printing ${pattern}`));
    const timer = setTimeout(() => done(new Error(`${describe} did not print ${pattern} within ${timeoutMs} ms`)), timeoutMs);
    function done(error, match) {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(match);
    }
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Collects a child's stderr so that a failure can be explained. */
function captureStderr(child) {
  let text = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk) => {
    text = (text + chunk).slice(-4000);
  });
  return () => text;
}

/** Runs a command to completion within `timeoutMs`; resolves with its stdout (also on the error if it fails). */
function run(core, command, args, { timeoutMs, env = process.env, cwd } = {}) {
  const [file, argv] = pinned(core, command, args);
  const child = spawn(file, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  killAfter(child, timeoutMs);
  const stderr = captureStderr(child);
  let stdout = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => (stdout += chunk));
  return exited(child).then(({ code, signal }) => {
    if (code !== 0) {
      throw Object.assign(new Error(`${command} ${args.join(' ')} failed (${signal ?? code}): ${stderr()}`), { stdout });
    }
    return stdout;
  });
}

module.exports = { HAS_TASKSET, pinned, killAfter, exited, waitForLine, captureStderr, run };
