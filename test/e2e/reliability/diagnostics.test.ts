// With OTEL_LOG_LEVEL set, the SDK's diagnostics go to stderr, one prefixed and capped line each
// like the kit's own: an app whose stdout is JSON lines keeps every line parseable.
import type { Receiver } from '@kit/receiver';
import { startReceiverOn } from './helpers/collectors';
import { runExitApp } from './helpers/exit-app';

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiverOn();
});
afterAll(() => receiver?.close());

it.each(['debug', 'all'])('OTEL_LOG_LEVEL=%s: stdout holds only the app\'s JSON lines, diagnostics are on stderr', async (level) => {
  const run = await runExitApp(
    { OTEL_SERVICE_NAME: 'diagnostics', OTEL_LOG_LEVEL: level, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.ports.otlpHttp}`, SPANS: '600' },
    'natural',
  );
  expect(run.exit).toEqual({ code: 3, signal: null });

  const stdoutLines = run.stdout.split('\n').filter((line) => line !== '');
  expect(stdoutLines.map((line) => JSON.parse(line) as { event: string }).map(({ event }) => event)).toEqual(['progress', 'ready']);

  const stderrLines = run.stderr.split('\n').filter((line) => line !== '');
  const diagnostics = stderrLines.filter((line) => line.startsWith('[@kit/register] otel '));
  expect(diagnostics.length).toBeGreaterThan(0);
  expect(diagnostics.some((line) => /^\[@kit\/register\] otel debug: /.test(line))).toBe(true);
  expect(stderrLines.filter((line) => !line.startsWith('[@kit/register] '))).toEqual([]);
  expect(Math.max(...stderrLines.map((line) => line.length))).toBeLessThanOrEqual(1000);
});
