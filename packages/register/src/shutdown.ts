import { warn } from './log';
import type { Tracing } from './sdk/start';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Flushes spans when the process ends, without changing how it ends:
 * - normal exit: flush on beforeExit, then let Node exit as it would;
 * - SIGTERM/SIGINT: if the app handles the signal itself, it keeps control and we only flush
 *   (tracing goes on, so the spans of requests it drains still count);
 *   otherwise, after the flush, the signal is raised again so the process dies of it as Node
 *   would have made it (exit status 128 + signal), never hanging with a server still open;
 * - uncaught exception: if the app has no handler of its own, print it as Node would, flush,
 *   and exit with status 1;
 * - process.exit() before any of these could flush (often from the app's own signal handler):
 *   nothing can be sent any more, so say how many spans are lost and what to do instead.
 */
export function installShutdownHooks(tracing: Pick<Tracing, 'flush' | 'shutdown' | 'unexportedSpans'>): void {
  let stopped: Promise<void> | undefined;
  const shutdownOnce = () => (stopped ??= tracing.shutdown().catch(() => undefined));

  process.once('beforeExit', () => void shutdownOnce());
  process.once('exit', () => {
    const lost = tracing.unexportedSpans(); // 0 after a shutdown, which tells its own losses
    if (lost > 0) {
      warn(`${lost} spans were not exported: the process exited (process.exit()) before they could be sent; set process.exitCode and let the process end by itself (close the server), and the kit sends them first`);
    }
  });

  for (const signal of SIGNALS) {
    const onSignal = () => {
      const appHandles = process.listenerCount(signal) > 1;
      if (appHandles) {
        void tracing.flush().catch(() => undefined);
        return;
      }
      process.removeListener(signal, onSignal);
      void shutdownOnce().then(() => process.kill(process.pid, signal));
    };
    process.on(signal, onSignal);
  }

  let crashing = false;
  const onUncaught = (error: unknown) => {
    // Only the first: printing can itself fail (stderr closed: EPIPE) and raise again, forever.
    if (crashing || process.listenerCount('uncaughtException') > 1) return;
    crashing = true;
    printLikeNode(error);
    void shutdownOnce().then(() => process.exit(1));
  };
  process.on('uncaughtException', onUncaught);
}

function printLikeNode(error: unknown): void {
  try {
    process.stderr.write(`${error instanceof Error && error.stack ? error.stack : String(error)}\n\nNode.js ${process.version}\n`);
  } catch {
    warn('uncaught exception (could not print it)');
  }
}
