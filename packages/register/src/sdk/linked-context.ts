import { ROOT_CONTEXT, type Context, type TextMapGetter, type TextMapPropagator, type TextMapSetter } from '@opentelemetry/api';

const DELETED = Symbol('deleted');
// Past this many links a context is copied flat, so that a context derived again and again
// (a loop that starts each round inside the previous one) keeps its size and its reads short.
const MAX_LINKS = 8;

/**
 * A context that keeps the one value it adds and a link to the context it came from, read by
 * walking the links. The API's contexts copy their whole `Map` and make three closures on every
 * `setValue` (a span, an RPC route, baggage: several per request), and V8 allocates those
 * closures, function literals assigned straight to properties, in the old generation: each
 * context, with its span, then outlived its request until a full collection. Immutable, as the
 * API's are; compared by identity only, as the API's are.
 */
class LinkedContext implements Context {
  constructor(
    private readonly parent: LinkedContext | undefined,
    private readonly key: symbol | undefined,
    private readonly value: unknown,
    private readonly links: number,
    private readonly flat?: Map<symbol, unknown>,
  ) {}

  getValue(key: symbol): unknown {
    for (let context: LinkedContext | undefined = this; context !== undefined; context = context.parent) {
      if (context.key === key) return context.value === DELETED ? undefined : context.value;
      if (context.flat !== undefined) return context.flat.get(key);
    }
    return undefined;
  }

  setValue(key: symbol, value: unknown): Context {
    return this.links < MAX_LINKS ? new LinkedContext(this, key, value, this.links + 1) : this.flattened(key, value);
  }

  deleteValue(key: symbol): Context {
    return this.setValue(key, DELETED);
  }

  /** One context holding what this one holds, with `key` set to `value` (DELETED: removed). */
  private flattened(key: symbol, value: unknown): Context {
    const values = new Map<symbol, unknown>();
    const chain: LinkedContext[] = [];
    for (let context: LinkedContext | undefined = this; context !== undefined; context = context.parent) chain.push(context);
    // From the oldest to the newest, so that the newest value of a key wins.
    for (let i = chain.length - 1; i >= 0; i--) {
      const context = chain[i];
      if (context.flat !== undefined) for (const [k, v] of context.flat) values.set(k, v);
      if (context.key !== undefined) values.set(context.key, context.value);
    }
    values.set(key, value);
    for (const [k, v] of values) if (v === DELETED) values.delete(k);
    return new LinkedContext(undefined, undefined, undefined, 0, values);
  }
}

export const LINKED_ROOT: Context = new LinkedContext(undefined, undefined, undefined, 0);

/** The kit's root in place of the API's: contexts derived from it are linked ones. */
export function linkedRoot(context: Context): Context {
  return context === ROOT_CONTEXT ? LINKED_ROOT : context;
}

/**
 * The kit's propagator, extracting onto the kit's root when asked to extract onto the API's (the
 * http and gRPC instrumentations start each incoming request's context from ROOT_CONTEXT).
 */
export class LinkedRootPropagator implements TextMapPropagator {
  constructor(private readonly propagator: TextMapPropagator) {}

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    this.propagator.inject(context, carrier, setter);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    return this.propagator.extract(linkedRoot(context), carrier, getter);
  }

  fields(): string[] {
    return this.propagator.fields();
  }
}
