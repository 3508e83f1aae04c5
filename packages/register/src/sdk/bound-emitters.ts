import { context, type Context } from '@opentelemetry/api';
import { IncomingMessage, ServerResponse } from 'node:http';
import { inContext } from './in-context';

type Listener = ((...args: unknown[]) => unknown) & { listener?: Listener };
type Method = (this: BoundEmitter, event: string | symbol, listener: Listener) => unknown;
interface BoundEmitter {
  [CONTEXT]?: Context;
  removeListener(event: string | symbol, listener: Listener): unknown;
}

const CONTEXT = Symbol('kit.emitter.context');

/**
 * From now on, listeners added to this request or response run in `active`: what the official
 * context manager's bind(active, emitter) does, which the official instrumentation uses. But bind
 * patches eight methods onto each emitter (eight closures and properties on every request and
 * every response, ~6k instructions each, whether a listener is added or not); here the methods
 * are patched once, on the prototypes (bindPrototypes), and an emitter is bound by one property.
 * As with bind, the first binding of an emitter is the one that holds.
 */
export function bindEmitter(emitter: IncomingMessage | ServerResponse, active: Context): void {
  (emitter as BoundEmitter)[CONTEXT] ??= active;
}

/** Patches the add methods of http's IncomingMessage and ServerResponse, once; unbound emitters go on as before. */
export function bindPrototypes(): void {
  for (const prototype of [IncomingMessage.prototype, ServerResponse.prototype] as unknown as Array<Record<string, Method>>) {
    if (Object.hasOwn(prototype, CONTEXT)) continue;
    Object.defineProperty(prototype, CONTEXT, { value: undefined, writable: true });
    const { on, prependListener, once, prependOnceListener } = prototype;
    prototype.on = prototype.addListener = bindingAdd(on, on, false);
    prototype.prependListener = bindingAdd(prependListener, prependListener, false);
    prototype.once = bindingAdd(once, on, true);
    prototype.prependOnceListener = bindingAdd(prependOnceListener, prependListener, true);
  }
}

/**
 * `original`, except on a bound emitter: there the listener is added by `add` (on or
 * prependListener), wrapped to run in the emitter's context. The wrapper carries the listener as
 * `listener`, as Node's own once wrappers do, so that Node's removeListener, off, listeners() and
 * listenerCount() see through it: no map from listeners to wrappers, no patched remove methods.
 */
function bindingAdd(original: Method, add: Method, once: boolean): Method {
  return function (event, listener) {
    const active = this[CONTEXT];
    if (active === undefined || typeof listener !== 'function' || isNodeBookkeeping(event, listener)) return original.apply(this, arguments as unknown as Parameters<Method>);
    return add.call(this, event, once ? onceInContext(this, event, active, listener) : listenerInContext(active, listener));
  };
}

function listenerInContext(active: Context, listener: Listener): Listener {
  const wrapper: Listener = inContext(active, listener);
  wrapper.listener = listener;
  return wrapper;
}

/** As Node's own once wrapper: removed before it runs, and runs once. */
function onceInContext(emitter: BoundEmitter, event: string | symbol, active: Context, listener: Listener): Listener {
  let fired = false;
  const wrapper: Listener = function (this: unknown) {
    if (fired) return undefined;
    fired = true;
    emitter.removeListener(event, wrapper);
    return context.with(active, listener, this, ...(arguments as unknown as unknown[]));
  };
  wrapper.listener = listener;
  return wrapper;
}

/** Node's own `clearIncoming`, once it has been seen being added by Node's http server. */
let nodeClearIncoming: Listener | undefined;

/**
 * Whether the listener is Node's own http bookkeeping: `clearIncoming`, which the server adds to
 * every request whose body was not read when its response finished (any GET the app answers
 * without reading it), to drop the parser's reference to it. It runs no app code and starts
 * nothing asynchronous, so its context does not matter, and binding it cost a wrapper and a
 * context switch on every such request. Matched by identity: the first listener of
 * that name that Node's own clearIncoming adds to 'end' is Node's (a stack trace, once).
 */
function isNodeBookkeeping(event: string | symbol, listener: Listener): boolean {
  if (listener === nodeClearIncoming) return true;
  if (nodeClearIncoming !== undefined || event !== 'end' || listener.name !== 'clearIncoming') return false;
  // Node's clearIncoming runs no other code while it adds itself: its frame on the stack means it is the caller.
  if (!/at clearIncoming \(node:_http_server:/.test(new Error().stack ?? '')) return false;
  nodeClearIncoming = listener;
  return true;
}
