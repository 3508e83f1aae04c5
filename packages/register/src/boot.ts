import { isMainThread } from 'node:worker_threads';
import { readSettings } from './config/settings';
import { launch } from './launch';
import { appInstrumentationNames } from './sdk/app-instrumentations';

/** What both entry points (-r and --import) do: start tracing as the environment says. */
export function boot(): void {
  // The main thread only: a worker has modules and globals of its own, and most are pools for
  // CPU work or a library's own (pino's transports), where a tracer each would cost start-up and
  // memory for nothing. A worker that should be traced calls startTracing() (README).
  if (isMainThread) launch((app) => readSettings(process.env, appInstrumentationNames(app)));
}
