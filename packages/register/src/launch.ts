import { envFileWarning } from './config/env-file';
import type { SettingsResult } from './config/settings';
import { loadOrderWarning, type Entry } from './load-order';
import { info, warn } from './log';
import { readAppPackage, type AppPackage } from './sdk/app-package';
import type { Tracing } from './sdk/start';
import { installShutdownHooks } from './shutdown';

/**
 * The one way tracing starts, from the -r / --import entries and from the API: print the
 * settings' warnings, start, hook shutdown, say what was configured. Never throws: a failure
 * leaves the app running untraced, with one line that says why. The app's package.json is read
 * here once, for the settings (the instrumentations it installed) and for the resource.
 */
export function launch(
  configure: (app: AppPackage | undefined) => SettingsResult,
  { handleShutdown = true, entry = 'preload' as Entry } = {},
): Tracing | undefined {
  try {
    const app = readAppPackage();
    const { settings, warnings } = configure(app);
    for (const warning of warnings) warn(warning);
    const envFile = envFileWarning(process.env);
    if (envFile) warn(envFile);
    if (settings.disabled) {
      if (!settings.quiet) info('tracing disabled by OTEL_SDK_DISABLED=true');
      return undefined;
    }
    const { startTracing } = require('./sdk/start') as typeof import('./sdk/start');
    const tracing = startTracing(settings, app);
    if (!tracing) {
      warn('tracing is already started in this process; this second start is ignored');
      return undefined;
    }
    if (handleShutdown) installShutdownHooks(tracing);
    const loadOrder = loadOrderWarning(entry, Object.keys(settings.instrumentations), app);
    if (loadOrder) warn(loadOrder);
    if (!settings.quiet) {
      info(tracing.summary);
      if (settings.exporters.includes('jaeger')) {
        info('note: the jaeger exporter is deprecated upstream; Jaeger v2 takes OTLP natively on 4317 (grpc) and 4318 (http): OTEL_TRACES_EXPORTER=otlp');
      }
    }
    return tracing;
  } catch (error) {
    warn(`could not start tracing, your application is not instrumented: ${(error as Error)?.message ?? error}`);
    return undefined;
  }
}
