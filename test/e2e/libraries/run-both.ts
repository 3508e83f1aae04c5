// Runs a fixture app to its end twice, bare and with `-r @kit/register`, and hands back what
// each printed on its `RESULT <json>` line: the libraries' behaviour as the app saw it.
import type { Receiver } from '@kit/receiver';
import * as path from 'node:path';
import { startService } from '../helpers/spawn';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'libraries');

export interface Outcome {
  result: Record<string, unknown>;
  output: string;
  /** From the RESULT line to the process's exit: how long it lingered once its work was done. */
  exitAfterMs: number;
}

/** Starts `node [...preload] <script>` in `cwd` (the fixtures folder) and waits for its RESULT line and its exit. */
export async function runToEnd(script: string, preload: string[], env: Record<string, string> = {}, cwd = FIXTURES): Promise<Outcome> {
  const app = await startService({
    name: script,
    cwd,
    args: [...preload, script],
    env,
    ready: /^(RESULT|FAILED) (.*)$/m,
    readyTimeoutMs: 60_000,
  });
  if (app.ready[1] === 'FAILED') throw new Error(`${script} failed:\n${app.output()}`);
  const done = performance.now();
  await app.exited;
  return { result: JSON.parse(app.ready[2]) as Record<string, unknown>, output: app.output(), exitAfterMs: performance.now() - done };
}

/** The kit, sending to the receiver over OTLP/HTTP without delay. */
export function kitTo(receiver: Receiver): { preload: string[]; env: Record<string, string> } {
  return {
    preload: ['-r', '@kit/register'],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.ports.otlpHttp}`, OTEL_BSP_SCHEDULE_DELAY: '100' },
  };
}
