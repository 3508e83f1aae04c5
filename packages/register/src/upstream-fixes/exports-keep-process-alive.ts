import type { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { AsyncLocalStorage, createHook, type HookCallbacks } from 'node:async_hooks';

/**
 * Upstream behaviour: exporting keeps the process alive. The BatchSpanProcessor arms a ref'd
 * timer per batch (export timeout, 30 s by default); the OTLP exporters wait between retries on
 * plain timers (otlp-exporter-base RetryingTransport) over ref'd sockets (the keep-alive agent
 * re-refs a reused one); grpc-js refs its HTTP/2 session for each call. With the collector down,
 * an app that has finished its work stays up until each queued batch has given up, one after the
 * other: 33 s seen for 1,000 requests. The kit unrefs, for good, every timer and socket made while
 * a batch is exported; the final flush keeps the process up itself, bounded (sdk/bounded-flush.ts).
 * Drop when upstream unrefs its own handles.
 */
const HANDLE_TYPES = new Set(['Timeout', 'TCPWRAP', 'UDPWRAP', 'PIPEWRAP']);
const exporting = new AsyncLocalStorage<true>();
let active = 0;

// Enabled only while an export runs: an init hook costs every async resource of the app, and
// under load an export is nearly always running. Promises are not handles: Node 24 can leave
// them out (`trackPromises`), and otherwise every promise the app makes and awaits calls into
// the hooks: 2x the time of an await-bound request (bench/profile/export-hook.js). Node 22
// ignores the option, and its AsyncLocalStorage (the context manager) tracks promises anyway.
const callbacks: HookCallbacks & { trackPromises: false } = {
  init(_id, type, _trigger, resource: { ref?: () => unknown; unref?: () => unknown }) {
    if (!HANDLE_TYPES.has(type) || !exporting.getStore() || typeof resource.unref !== 'function') return;
    resource.ref = () => resource;
    // A socket's libuv handle is initialised (ref'd) after this hook: unref once that is done.
    queueMicrotask(() => resource.unref?.());
  },
  trackPromises: false,
};
const hook = createHook(callbacks);

/** Runs `work`; nothing it starts, now or later, keeps the process alive. */
export function withoutKeepingAlive<T>(work: () => Promise<T>): Promise<T> {
  if (active++ === 0) hook.enable();
  const done = () => {
    if (--active === 0) hook.disable();
  };
  let running: Promise<T>;
  try {
    running = exporting.run(true, work);
  } catch (error) {
    done();
    return Promise.reject(error);
  }
  running.then(done, done);
  return running;
}

/** Each batch the processor exports (timer, export, retries, sockets) no longer holds the process. */
export function exportWithoutKeepingAlive(processor: BatchSpanProcessor): BatchSpanProcessor {
  const internals = processor as unknown as { _flushOneBatch?: () => Promise<void> };
  const flushOneBatch = internals._flushOneBatch;
  if (typeof flushOneBatch === 'function') {
    internals._flushOneBatch = () => withoutKeepingAlive(() => flushOneBatch.call(processor));
  }
  return processor;
}
