import { isMainThread } from 'node:worker_threads';
import { readSettings } from './config/settings';
import { launch } from './launch';
import { appInstrumentationNames } from './sdk/app-instrumentations';

/** What both entry points (-r and --import) do: start tracing as the environment says. */
export function boot(): void {
  // Workers share the process's tracing; starting again in each would double every span.
  if (isMainThread) launch((app) => readSettings(process.env, appInstrumentationNames(app)));
}
