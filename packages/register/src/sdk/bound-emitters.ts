import { context, type Context } from '@opentelemetry/api';
import { IncomingMessage, ServerResponse } from 'node:http';

type Listener = (...args: unknown[]) => unknown;
type Method = (this: BoundEmitter, event: string | symbol, listener: Listener) => unknown;
interface BoundEmitter {
  [CONTEXT]?: Context;
  /** Per event, each listener added to the wrapper that runs it in the context. */
  [LISTENERS]?: Record<string | symbol, WeakMap<Listener, Listener>>;
}

const CONTEXT = Symbol('kit.emitter.context');
const LISTENERS = Symbol('kit.emitter.listeners');
const ADD_METHODS = ['addListener', 'on', 'once', 'prependListener', 'prependOnceListener'];
const REMOVE_METHODS = ['removeListener', 'off'];
/** Set while a wrapped listener is being added: `once` adds through `on`, which must not wrap it again. */
let adding = false;

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

/** Patches the listener methods of http's IncomingMessage and ServerResponse, once; unbound emitters go on as before. */
export function bindPrototypes(): void {
  for (const prototype of [IncomingMessage.prototype, ServerResponse.prototype] as unknown as Array<Record<string, Method>>) {
    if (Object.hasOwn(prototype, CONTEXT)) continue;
    Object.defineProperty(prototype, CONTEXT, { value: undefined, writable: true });
    for (const name of ADD_METHODS) prototype[name] = bindingAdd(prototype[name]);
    for (const name of REMOVE_METHODS) prototype[name] = bindingRemove(prototype[name]);
    prototype.removeAllListeners = bindingRemoveAll(prototype.removeAllListeners);
  }
}

// The three below do what the context manager's patches of an emitter's methods do.

function bindingAdd(original: Method): Method {
  return function (event, listener) {
    const active = this[CONTEXT];
    if (active === undefined || adding || isNodeBookkeeping(event, listener)) return original.apply(this, arguments as unknown as Parameters<Method>);
    const wrapper = context.bind(active, listener);
    const byEvent = (this[LISTENERS] ??= Object.create(null) as Record<string | symbol, WeakMap<Listener, Listener>>);
    (byEvent[event] ??= new WeakMap()).set(listener, wrapper);
    adding = true;
    try {
      return original.call(this, event, wrapper);
    } finally {
      adding = false;
    }
  };
}

/** Node's own `clearIncoming`, once it has been seen being added by Node's http server. */
let nodeClearIncoming: Listener | undefined;

/**
 * Whether the listener is Node's own http bookkeeping: `clearIncoming`, which the server adds to
 * every request whose body was not read when its response finished (any GET the app answers
 * without reading it), to drop the parser's reference to it. It runs no app code and starts
 * nothing asynchronous, so its context does not matter, and binding it cost a wrapper, a map
 * entry and a context switch on every such request. Matched by identity: the first listener of
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

function bindingRemove(original: Method): Method {
  return function (event, listener) {
    const wrapper = this[LISTENERS]?.[event]?.get(listener);
    return original.call(this, event, wrapper ?? listener);
  };
}

function bindingRemoveAll(original: Method): Method {
  return function (event) {
    const byEvent = this[LISTENERS];
    if (byEvent !== undefined) {
      if (arguments.length === 0) this[LISTENERS] = undefined;
      else delete byEvent[event];
    }
    return original.apply(this, arguments as unknown as Parameters<Method>);
  };
}
