// Child processes for e2e tests: started with an explicit env, awaited until they print a ready
// line, cut with SIGKILL when they overstay. Every process started here is also killed when
// the test worker exits, whatever happened to the test.
import { spawn, type ChildProcess } from 'node:child_process';

export interface StartOptions {
  /** Shown in errors, e.g. 'greeter'. */
  name: string;
  /** Arguments to `node`, e.g. ['-r', '@kit/register', 'dist/server.js']. */
  args: string[];
  cwd: string;
  /** Added to the test's env, from which every OTEL_* and KIT_* variable is removed first. */
  env?: Record<string, string>;
  /** A line of stdout or stderr that means "ready"; its match is handed back. */
  ready: RegExp;
  /** How long to wait for the ready line. Default 15 s. */
  readyTimeoutMs?: number;
  /** SIGKILL after this long no matter what, so no test leaves a process behind. Default 120 s. */
  maxLifetimeMs?: number;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Service {
  name: string;
  child: ChildProcess;
  /** The ready line's match, e.g. the port in a capture group. */
  ready: RegExpMatchArray;
  /** Everything printed so far (stdout and stderr interleaved), for diagnostics. */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<Exit>;
  /** SIGTERM, then SIGKILL if it is not gone after `graceMs` (default 5 s). */
  stop(graceMs?: number): Promise<Exit>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

export function startService(options: StartOptions): Promise<Service> {
  const { name, ready, readyTimeoutMs = 15_000, maxLifetimeMs = 120_000 } = options;
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: { ...cleanEnv(), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const lifetime = setTimeout(() => child.kill('SIGKILL'), maxLifetimeMs).unref();

  let output = '';
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      clearTimeout(lifetime);
      resolve({ code, signal });
    }),
  );

  const service = (match: RegExpMatchArray): Service => ({
    name,
    child,
    ready: match,
    output: () => output,
    exited,
    async stop(graceMs = 5_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
        await exited;
        clearTimeout(killer);
      }
      return exited;
    },
  });

  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (then: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      then();
    };
    const fail = (why: string) =>
      settle(() => {
        child.kill('SIGKILL');
        reject(new Error(`${name} ${why}; its output:\n${output}`));
      });
    const timer = setTimeout(() => fail(`printed no ready line in ${readyTimeoutMs} ms`), readyTimeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = output.match(ready);
      if (match) settle(() => resolve(service(match)));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (err) => fail(`could not start: ${err.message}`));
    void exited.then(({ code, signal }) => fail(`exited (code ${code}, signal ${signal}) before it was ready`));
  });
}

/** SIGTERM each service and wait for all to be gone (SIGKILL after the grace period). */
export async function stopAll(services: Array<Service | undefined>): Promise<void> {
  await Promise.all(services.map((service) => service?.stop()));
}

/** The test's own env without tracing settings, so each test states exactly what it configures. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_') && !key.startsWith('KIT_')),
  );
}
