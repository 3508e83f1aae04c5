// Typed API for code-first users: `import { startTracing } from '@kit/register/api'`.
import { readCodeSettings, type CodeOptions } from './config/code-options';
import { launch } from './launch';
import { appInstrumentationNames } from './sdk/app-instrumentations';

export type { CodeOptions } from './config/code-options';
export type { KitSettings } from './config/settings';

/**
 * The options each mean what their environment variable means (see CodeOptions) and are
 * validated alike; they win over the environment, which wins over the defaults.
 */
export type TracingOptions = CodeOptions & {
  /** Flush on exit and on SIGTERM/SIGINT, as the -r entry does. Default true. */
  handleShutdown?: boolean;
};

export interface TracingHandle {
  /** Flushes queued spans and stops tracing (bounded by the exporter timeout). */
  shutdown(): Promise<void>;
}

/** Starts tracing in this process. Never throws: on failure it warns and returns a no-op handle. */
export function startTracing(options: TracingOptions = {}): TracingHandle {
  const { handleShutdown = true, ...codeOptions } = options ?? {};
  const tracing = launch((app) => readCodeSettings(codeOptions, process.env, appInstrumentationNames(app)), { handleShutdown, entry: 'api' });
  return { shutdown: tracing ? tracing.shutdown : async () => undefined };
}
