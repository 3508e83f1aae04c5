// Runs test/e2e/reliability/fixtures/exit-app.cjs with `node -r @kit/register`, keeping stdout
// and stderr apart, and times its exit from the moment its spans are ended (its "ready" line).
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { Exit } from '../../helpers/spawn';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures');

export type Ending = 'natural' | 'SIGTERM' | 'SIGINT' | 'crash';

export interface ExitRun {
  exit: Exit;
  /** From the ready line to the process's exit. */
  ms: number;
  stdout: string;
  stderr: string;
}

export interface ExitOptions {
  /** Send a SIGTERM/SIGINT ending only once stderr matches this, rather than at the ready line. */
  signalWhen?: RegExp;
  /** SIGKILL then, well within jest's 60 s, so that a run that never ends fails on what it printed. */
  killAfterMs?: number;
}

export function runExitApp(env: Record<string, string>, ending: Ending, { signalWhen, killAfterMs = 40_000 }: ExitOptions = {}): Promise<ExitRun> {
  const child = spawn(process.execPath, ['-r', '@kit/register', 'exit-app.cjs'], {
    cwd: FIXTURES,
    env: { ...withoutTracingEnv(), ...env, ENDING: ending.startsWith('SIG') ? 'signal' : ending },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  let stdout = '';
  let stderr = '';
  let readyAt: number | undefined;
  let signalled = false;
  const maybeSignal = () => {
    if (signalled || readyAt === undefined || !ending.startsWith('SIG') || (signalWhen && !signalWhen.test(stderr))) return;
    signalled = true;
    child.kill(ending as NodeJS.Signals);
  };
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    if (readyAt === undefined && stdout.includes('"event":"ready"')) readyAt = Date.now();
    maybeSignal();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    maybeSignal();
  });
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      clearTimeout(killer);
      const ms = readyAt === undefined ? Number.NaN : Date.now() - readyAt;
      resolve({ exit: { code, signal }, ms, stdout, stderr });
    }),
  );
}

function withoutTracingEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_') && !key.startsWith('KIT_')));
}
