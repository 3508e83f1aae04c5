import { info } from '../log';
import { withoutKeepingAlive } from '../upstream-fixes/exports-keep-process-alive';
import type { ExportHealth } from './export-health';

/** A healthy collector takes the queued spans well within this; past it, the shutdown says what it waits for. */
const SLOW_SHUTDOWN_MS = 1_000;

export interface BoundedFlushOptions {
  /** Keep the process up while the flush runs (the final one), rather than only waiting for it. */
  holdProcess: boolean;
  /** Called once if the flush is still running after `afterMs` (at once if 0), with the time left. */
  announce?: { afterMs: number; run: (remainingMs: number) => void };
}

/**
 * Runs a flush for at most `ms`; resolves when it settles or the time is up, never rejects.
 * The flush's own timers and sockets never hold the process: on the final flush, one timer of
 * ours does, so that Node exits when the spans are out or at the bound, whichever is first.
 */
export function boundedFlush(flush: () => Promise<void>, ms: number, options: BoundedFlushOptions): Promise<void> {
  const started = Date.now();
  let bound: NodeJS.Timeout | undefined;
  let announcer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<void>((resolve) => {
    bound = setTimeout(resolve, ms);
    if (!options.holdProcess) bound.unref();
  });
  const { announce } = options;
  if (announce) {
    const run = () => announce.run(ms - (Date.now() - started));
    if (announce.afterMs <= 0) run();
    else announcer = setTimeout(run, announce.afterMs).unref();
  }
  const flushed = withoutKeepingAlive(flush).catch(() => undefined);
  return Promise.race([flushed, timeUp]).finally(() => {
    clearTimeout(bound);
    clearTimeout(announcer);
  });
}

/** Says once what the final flush waits for and how long at most: at once if an exporter is failing, else if it is slow. */
export function announceWait(health: ExportHealth[]): BoundedFlushOptions['announce'] {
  if (health.length === 0) return undefined;
  const failing = health.filter((exporter) => exporter.isFailing);
  const targets = failing.length > 0 ? failing : health;
  const what = `${targets.map((exporter) => exporter.description).join(', ')}${failing.length > 0 ? ' (failing)' : ''}`;
  return {
    afterMs: failing.length > 0 ? 0 : SLOW_SHUTDOWN_MS,
    run: (remainingMs) => info(`shutting down: waiting at most ${(remainingMs / 1000).toFixed(1)} s for the queued spans to reach ${what}`),
  };
}
