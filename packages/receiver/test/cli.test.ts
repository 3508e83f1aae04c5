import { spawn } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(__dirname, '..', 'bin', 'kit-receiver.js');
const ALL_FREE = ['--ui-port', '0', '--otlp-http-port', '0', '--otlp-grpc-port', '0', '--jaeger-http-port', '0', '--jaeger-compact-udp-port', '0', '--jaeger-binary-udp-port', '0', '--sampling-port', '0'];

/** Runs the built kit-receiver until `until` matches its stdout (or it exits); SIGKILL after 15 s whatever happens. */
function run(args: string[], until: RegExp): Promise<{ stdout: string; stderr: string; code: number | null; stop: () => void }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    let stdout = '';
    let stderr = '';
    const stop = (): void => {
      clearTimeout(killer);
      child.kill('SIGKILL');
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      if (until.test(stdout)) resolve({ stdout, stderr, code: null, stop });
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ stdout, stderr, code, stop });
    });
  });
}

describe('kit-receiver (the built CLI)', () => {
  it('prints where it listens, without a stray colon after the host, and serves the UI port it names', async () => {
    const started = await run(ALL_FREE, /Waiting for traces/);
    try {
      const lines = started.stdout.split('\n');
      expect(lines[0]).toBe('kit-receiver is listening:');
      expect(started.stdout).not.toMatch(/127\.0\.0\.1:\s*$/m);
      const ui = /web UI {7}http:\/\/127\.0\.0\.1:(\d+)\//.exec(started.stdout);
      expect(ui).not.toBeNull();
      expect(started.stdout).toMatch(/Jaeger UDP {3}127\.0\.0\.1:\d+ \(compact Thrift\), 127\.0\.0\.1:\d+ \(binary Thrift\)/);
      const services = await fetch(`http://127.0.0.1:${ui![1]}/api/services`, { signal: AbortSignal.timeout(5000) });
      expect(await services.json()).toEqual({ data: [], total: 0, limit: 0, offset: 0, errors: null });
    } finally {
      started.stop();
    }
  });

  it('refuses a bad --ui-port with a message and exit code 1', async () => {
    const { code, stderr } = await run(['--ui-port', 'http'], /never/);
    expect(code).toBe(1);
    expect(stderr).toBe('kit-receiver: --ui-port must be a port number, got "http"\n');
  });
});
