// Shutting down with the collector unreachable waits up to the export timeout: the kit says so,
// once, when the wait starts (at once if the exporter is known to be failing, else as soon as the
// wait is not quick), naming what it waits for and for how long at most.
import { freePort } from './helpers/collectors';
import { runExitApp } from './helpers/exit-app';

const EXPORT_TIMEOUT_MS = 3_000;
const WAITING = /^\[@kit\/register\] shutting down: waiting at most (\d+\.\d) s for the queued spans to reach otlp http\/protobuf http:\/\/127\.0\.0\.1:\d+\/v1\/traces( \(failing\))?$/;
// Whatever the reason: the port from freePort() is refused, unless a parallel test took it meanwhile.
const FAILED = /warning: export to otlp .* failed \(.*\); spans are dropped until it recovers/;

const env = (port: number) => ({
  OTEL_SERVICE_NAME: 'shutdown-wait',
  OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
  OTEL_EXPORTER_OTLP_TIMEOUT: String(EXPORT_TIMEOUT_MS),
});

const kitLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('[@kit/register]'));

it('SIGTERM after an export failed: one line at the start of the wait, with the whole timeout and "failing"', async () => {
  const run = await runExitApp({ ...env(await freePort()), SPANS: '600', OTEL_BSP_SCHEDULE_DELAY: '100' }, 'SIGTERM', { signalWhen: FAILED });
  expect(run.exit).toEqual({ code: null, signal: 'SIGTERM' });
  const lines = kitLines(run.stderr);
  const waiting = lines.filter((line) => WAITING.test(line));
  expect(waiting).toHaveLength(1);
  const [, seconds, failing] = waiting[0].match(WAITING)!;
  expect(Number(seconds)).toBe(EXPORT_TIMEOUT_MS / 1000);
  expect(failing).toBe(' (failing)');
  // Said before the wait, not after it: the failure came first, the at-exit count last.
  expect(lines.findIndex((line) => FAILED.test(line))).toBeLessThan(lines.indexOf(waiting[0]));
  expect(lines.at(-1)).toMatch(/at exit: \d+ spans dropped/);
});

it('a natural exit whose first export is the final flush: one line once the wait is not quick, with the time left', async () => {
  const run = await runExitApp({ ...env(await freePort()), SPANS: '100' }, 'natural');
  expect(run.exit).toEqual({ code: 3, signal: null });
  const waiting = kitLines(run.stderr).filter((line) => WAITING.test(line));
  expect(waiting).toHaveLength(1);
  const seconds = Number(waiting[0].match(WAITING)![1]);
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThan(EXPORT_TIMEOUT_MS / 1000);
  expect(run.ms).toBeLessThan(EXPORT_TIMEOUT_MS + 2_000);
});
