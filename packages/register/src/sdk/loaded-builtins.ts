import type { Instrumentation } from '@opentelemetry/instrumentation';

/** Node's own modules each instrumentation patches. */
const BUILTINS_PATCHED: Readonly<Record<string, readonly string[]>> = {
  '@opentelemetry/instrumentation-http': ['http', 'https'],
};

/**
 * Requires once more, right after the instrumentations are enabled, the Node modules they patch
 * that the app has loaded already. The require hooks patch a module when it is required, and a
 * Node module is one shared object: patched now, it is patched for the app's earlier
 * `require('node:http')` too, which otherwise stays untraced until something requires it again
 * (startTracing() after `import http from 'node:http'`, which may never happen). A module not
 * loaded yet is left alone: https costs ~5 ms to load, and the hooks patch it when it is.
 */
export function patchLoadedBuiltins(instrumentations: readonly Instrumentation[]): void {
  // Node's list of the modules it has loaded ('NativeModule http'); absent, nothing is done.
  const loaded = (process as { moduleLoadList?: readonly string[] }).moduleLoadList ?? [];
  for (const instrumentation of instrumentations) {
    for (const module of BUILTINS_PATCHED[instrumentation.instrumentationName] ?? []) {
      if (loaded.includes(`NativeModule ${module}`)) require(module);
    }
  }
}
