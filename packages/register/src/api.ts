// Typed API for code-first users: `import { startTracing } from '@kit/register/api'`.
import { readSettings, type KitSettings } from './config/settings';
import { launch } from './launch';
import { appInstrumentationNames } from './sdk/app-instrumentations';

export type { KitSettings } from './config/settings';

/**
 * The same settings the environment gives, each optional. Options given here win over the
 * environment variables; what is not given comes from the environment, then the defaults.
 * Nested groups (otlp, jaeger, sampler, batch) are merged key by key.
 */
export type TracingOptions = {
  [K in keyof KitSettings]?: KitSettings[K] extends unknown[] ? KitSettings[K] : KitSettings[K] extends object ? Partial<KitSettings[K]> : KitSettings[K];
} & {
  /** Flush on exit and on SIGTERM/SIGINT, as the -r entry does. Default true. */
  handleShutdown?: boolean;
};

export interface TracingHandle {
  /** Flushes queued spans and stops tracing (bounded by the exporter timeout). */
  shutdown(): Promise<void>;
}

/** Starts tracing in this process. Never throws: on failure it warns and returns a no-op handle. */
export function startTracing(options: TracingOptions = {}): TracingHandle {
  const { handleShutdown = true, ...overrides } = options;
  const tracing = launch((app) => {
    const { settings, warnings } = readSettings(process.env, appInstrumentationNames(app));
    return { settings: mergeSettings(settings, overrides), warnings };
  }, { handleShutdown });
  return { shutdown: tracing ? tracing.shutdown : async () => undefined };
}

function mergeSettings(settings: KitSettings, overrides: Omit<TracingOptions, 'handleShutdown'>): KitSettings {
  const merged: Record<string, unknown> = { ...settings };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const current = merged[key];
    const isGroup = typeof value === 'object' && !Array.isArray(value) && typeof current === 'object' && current !== null && !Array.isArray(current);
    merged[key] = isGroup ? { ...current, ...value } : value;
  }
  return merged as unknown as KitSettings;
}
