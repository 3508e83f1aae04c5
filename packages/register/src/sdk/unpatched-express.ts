import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { instrumentedModulesAmong } from '../load-order';
import { warn } from '../log';

/** Node publishes every finished response here, with its request. */
const RESPONSE_FINISHED = 'http.server.response.finish';

interface MaybeExpressRequest {
  app?: { set?: unknown; settings?: unknown; use?: { __wrapped?: boolean } };
}

/**
 * Express that the instrumentation never patched serves requests with no route or handler
 * traced, while the start-up line lists express: bundled into the app's own file (esbuild,
 * webpack), it is never loaded from node_modules; loaded with import() in a program started with
 * -r, it is not hooked. Once the first response is finished: if express handled it (its app is on
 * the request) and the app's `use` is not the instrumentation's wrapper, say so. Then the channel
 * is left, and costs nothing more. Express loaded before tracing started is load-order.ts's to tell.
 */
export function watchForUnpatchedExpress(): void {
  if (instrumentedModulesAmong(['express'], Object.keys(require.cache)).length > 0) return;
  const onFinished = (message: unknown) => {
    unsubscribe(RESPONSE_FINISHED, onFinished);
    const app = (message as { request?: MaybeExpressRequest }).request?.app;
    const handledByExpress = typeof app?.set === 'function' && typeof app.settings === 'object';
    if (handledByExpress && app.use?.__wrapped !== true) {
      warn(
        'express served a request without the instrumentation, so its routes and handlers are not traced: if the app is bundled, mark express external (esbuild --external:express, webpack externals); if it loads express with import(), start it with node --import @kit/register',
      );
    }
  };
  subscribe(RESPONSE_FINISHED, onFinished);
}
