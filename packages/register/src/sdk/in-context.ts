import { context, type Context } from '@opentelemetry/api';

type Fn = (...args: unknown[]) => unknown;

/**
 * `fn`, run in `active` wherever it is called from, with its `this` and arguments: what
 * context.bind(active, fn) gives, without the closure it makes on every call and the `length`
 * it redefines on every wrapper. The wrapper declares one parameter, the arity of express's and
 * router's `next(err)`, so that binding them needs no redefinition either.
 */
export function inContext(active: Context, fn: Fn): Fn {
  // Made in a local and returned: a function literal assigned straight to a property is
  // allocated in the old generation, and keeps what it closes over alive (see bench/README).
  const wrapper = function (this: unknown, _first?: unknown) {
    return context.with(active, fn, this, ...(arguments as unknown as unknown[]));
  };
  return wrapper;
}
