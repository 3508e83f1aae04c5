import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { instrumentedModulesAmong } from '../load-order';
import { warn } from '../log';

/** Node publishes every finished response here, with its request. */
const RESPONSE_FINISHED = 'http.server.response.finish';

interface MaybeExpressRequest {
  app?: { set?: unknown; settings?: unknown };
}

/**
 * Express bundled into the app's own file (esbuild, webpack) is never loaded from node_modules,
 * so the instrumentation, which patches it as it loads, never sees it: routes and handlers go
 * untraced while the start-up line lists express. Once the first response is finished: if
 * express handled it (its app is on the request) but was never loaded as a module, say so.
 * Then the channel is left, and costs nothing more.
 */
export function watchForBundledExpress(): void {
  const onFinished = (message: unknown) => {
    unsubscribe(RESPONSE_FINISHED, onFinished);
    const app = (message as { request?: MaybeExpressRequest }).request?.app;
    const handledByExpress = typeof app?.set === 'function' && typeof app.settings === 'object';
    if (handledByExpress && instrumentedModulesAmong(['express'], Object.keys(require.cache)).length === 0) {
      warn(
        'express is bundled into the app (it served a request but was never loaded from node_modules), so its routes and handlers are not traced; mark it external in the bundler (esbuild --external:express, webpack externals)',
      );
    }
  };
  subscribe(RESPONSE_FINISHED, onFinished);
}
