import { isMainThread } from 'node:worker_threads';
import { readSettings } from './config/settings';
import { info, warn } from './log';
import { installShutdownHooks } from './shutdown';

/**
 * What both entry points (-r and --import) do: read the environment, warn about bad values,
 * start tracing and hook shutdown. Never throws: a failure leaves the app running untraced.
 */
export function boot(): void {
  // Workers share the process's tracing; starting again in each would double every span.
  if (!isMainThread) return;
  try {
    const { settings, warnings } = readSettings(process.env);
    for (const warning of warnings) warn(warning);
    if (settings.disabled) {
      if (!settings.quiet) info('tracing disabled by OTEL_SDK_DISABLED=true');
      return;
    }
    const { startTracing } = require('./sdk/start') as typeof import('./sdk/start');
    const tracing = startTracing(settings);
    installShutdownHooks(tracing);
    if (!settings.quiet) {
      info(tracing.summary);
      if (settings.exporters.includes('jaeger')) {
        info('note: the jaeger exporter is deprecated upstream; Jaeger v2 takes OTLP natively on 4317 (grpc) and 4318 (http): OTEL_TRACES_EXPORTER=otlp');
      }
    }
  } catch (error) {
    warn(`could not start tracing, your application is not instrumented: ${(error as Error)?.message ?? error}`);
  }
}
