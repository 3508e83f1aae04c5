// Entry for `node --import @kit/register app.mjs`: hook ES module loading so that
// instrumentations can patch `import`ed modules, then start as the -r entry does.
import { createRequire, register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

// The main thread only, as the -r entry (see boot.ts).
if (isMainThread) {
  try {
    register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
    // Tells the start (load-order.ts, same key) that an ES module app's imports are hooked.
    (globalThis as Record<symbol, unknown>)[Symbol.for('@kit/register.esm-hooked')] = true;
  } catch (error) {
    process.stderr.write(`[@kit/register] warning: could not hook ES modules (${(error as Error).message}); only require()d modules are traced\n`);
  }
  createRequire(import.meta.url)('./bundle/register.js');
}
