import type { Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => unknown;
type Method = (this: BoundEmitter, event: string | symbol, listener?: Listener) => unknown;
interface BoundEmitter extends EventEmitter {
  [CONTEXT]?: Context;
  [LISTENERS]?: Map<string | symbol, WeakMap<Listener, Listener>>;
}

const CONTEXT = Symbol('kit.boundContext');
const LISTENERS = Symbol('kit.boundListeners');
const ADD_METHODS = ['addListener', 'on', 'once', 'prependListener', 'prependOnceListener'] as const;
const REMOVE_METHODS = ['removeListener', 'off'] as const;

/**
 * The official AsyncLocalStorage context manager, with a cheaper way of binding an event
 * emitter. The http instrumentation binds every request and response to the request's context;
 * the official way gives each of them eight new closures and a map, which is a good part of
 * what tracing costs a request. Here the emitter keeps only its context; its listener methods
 * are replaced by wrappers that read that context, made once per original method and shared
 * by every emitter. What a listener sees is the same: it runs in the bound context, and
 * removing it with the function that was added works.
 */
export class KitContextManager extends AsyncLocalStorageContextManager {
  private readonly addWrappers = new WeakMap<Method, Method>();
  private readonly removeWrappers = new WeakMap<Method, Method>();
  /** once() adds through on(): the listener it passes is wrapped already. */
  private adding = false;

  override bind<T>(context: Context, target: T): T {
    if (target instanceof EventEmitter) return this.bindEmitter(context, target as BoundEmitter) as T;
    return super.bind(context, target);
  }

  private bindEmitter(context: Context, emitter: BoundEmitter): BoundEmitter {
    if (emitter[CONTEXT] !== undefined) return emitter; // bound already: the first context stays, as upstream
    emitter[CONTEXT] = context;
    const methods = emitter as unknown as Record<string, Method>;
    for (const name of ADD_METHODS) methods[name] = this.addWrapper(methods[name]);
    for (const name of REMOVE_METHODS) methods[name] = this.removeWrapper(methods[name]);
    return emitter;
  }

  private addWrapper(original: Method): Method {
    let wrapper = this.addWrappers.get(original);
    if (wrapper !== undefined) return wrapper;
    const manager = this;
    wrapper = function addListener(this: BoundEmitter, event, listener) {
      const context = this[CONTEXT];
      if (manager.adding || context === undefined || typeof listener !== 'function') return original.call(this, event, listener);
      const bound = manager.bind(context, listener);
      const byEvent = (this[LISTENERS] ??= new Map());
      let listeners = byEvent.get(event);
      if (listeners === undefined) byEvent.set(event, (listeners = new WeakMap()));
      listeners.set(listener, bound);
      manager.adding = true;
      try {
        return original.call(this, event, bound);
      } finally {
        manager.adding = false;
      }
    };
    this.addWrappers.set(original, wrapper);
    return wrapper;
  }

  private removeWrapper(original: Method): Method {
    let wrapper = this.removeWrappers.get(original);
    if (wrapper !== undefined) return wrapper;
    wrapper = function removeListener(this: BoundEmitter, event, listener) {
      const bound = listener === undefined ? undefined : this[LISTENERS]?.get(event)?.get(listener);
      return original.call(this, event, bound ?? listener);
    };
    this.removeWrappers.set(original, wrapper);
    return wrapper;
  }
}
