import { context, createContextKey, propagation, ROOT_CONTEXT, trace, type Context } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { KitContextManager } from './context-manager';
import { LINKED_ROOT, LinkedRootPropagator } from './linked-context';

const KEYS = Array.from({ length: 5 }, (_, i) => createContextKey(`key ${i}`));

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return Math.floor((state / 2 ** 31) * below);
  };
}

/** Every key's value in `ctx`. */
const read = (ctx: Context) => KEYS.map((key) => ctx.getValue(key));

/** How many contexts a read may walk through: the context and those it links to. */
function linksOf(ctx: Context): number {
  let links = 0;
  for (let at = ctx as unknown as { parent?: unknown } | undefined; at !== undefined; at = at.parent as typeof at) links++;
  return links;
}

describe('linked contexts', () => {
  it('read what the API contexts read, through any sequence of sets and deletes', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const next = random(seed);
      // Pairs of the same context built both ways; each step derives from one of them, mostly
      // from the newest, so that chains grow past the length at which they are copied flat.
      const made: [Context, Context][] = [[ROOT_CONTEXT, LINKED_ROOT]];
      for (let step = 0; step < 60; step++) {
        const [api, linked] = made[next(4) === 0 ? next(made.length) : made.length - 1];
        const key = KEYS[next(KEYS.length)];
        const pair: [Context, Context] =
          next(4) === 0 ? [api.deleteValue(key), linked.deleteValue(key)] : [api.setValue(key, { step }), linked.setValue(key, { step })];
        expect(read(pair[1])).toEqual(read(pair[0]));
        made.push(pair);
      }
      // The earlier contexts are untouched by what was derived from them.
      for (const [api, linked] of made) expect(read(linked)).toEqual(read(api));
    }
  });

  it('stay short when derived again and again, and keep the newest value of each key', () => {
    let ctx = LINKED_ROOT.setValue(KEYS[1], 'kept');
    for (let round = 0; round < 10_000; round++) ctx = ctx.setValue(KEYS[0], round);
    expect(linksOf(ctx)).toBeLessThanOrEqual(10);
    expect(read(ctx)).toEqual([9_999, 'kept', undefined, undefined, undefined]);
    const deleted = ctx.deleteValue(KEYS[1]);
    for (let round = 0; round < 20; round++) ctx = deleted.setValue(KEYS[2], round);
    expect(read(ctx)).toEqual([9_999, undefined, 19, undefined, undefined]);
  });
});

describe('LinkedRootPropagator', () => {
  const official = new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] });
  const kit = new LinkedRootPropagator(official);
  const headers = {
    traceparent: '00-d4cda95b652f4a1592b449d5929fda1b-6e0c63257de34c92-01',
    tracestate: 'vendor=value',
    baggage: 'user=alice;tier=gold,region=eu',
  };

  it('extracts what the official propagators extract, onto the kit root instead of the API one', () => {
    const expected = official.extract(ROOT_CONTEXT, headers, { get: (c, k) => c[k as keyof typeof c], keys: Object.keys });
    const extracted = kit.extract(ROOT_CONTEXT, headers, { get: (c, k) => c[k as keyof typeof c], keys: Object.keys });
    expect(trace.getSpanContext(extracted)).toEqual(trace.getSpanContext(expected));
    const entries = (ctx: Context) => propagation.getBaggage(ctx)?.getAllEntries().map(([key, { value, metadata }]) => [key, value, metadata?.toString()]);
    expect(entries(extracted)).toEqual(entries(expected));
    expect(entries(extracted)).toContainEqual(['user', 'alice', 'tier=gold']);
    expect(extracted.getValue(createContextKey('not set'))).toBeUndefined();
    // Onto the kit root: what is derived from it is linked.
    expect(linksOf(extracted)).toBeGreaterThan(1);
    // Any other context is extracted onto as it is.
    const other = ROOT_CONTEXT.setValue(KEYS[0], 'other');
    expect(kit.extract(other, headers, { get: (c, k) => c[k as keyof typeof c], keys: Object.keys }).getValue(KEYS[0])).toBe('other');
  });

  it('injects what the official propagators inject and lists their fields', () => {
    const ctx = official.extract(ROOT_CONTEXT, headers, { get: (c, k) => c[k as keyof typeof c], keys: Object.keys });
    const byKit: Record<string, string> = {};
    const byOfficial: Record<string, string> = {};
    kit.inject(ctx, byKit, { set: (c, k, v) => (c[k] = v) });
    official.inject(ctx, byOfficial, { set: (c, k, v) => (c[k] = v) });
    expect(byKit).toEqual(byOfficial);
    expect(byKit.traceparent).toBe(headers.traceparent);
    expect(kit.fields()).toEqual(official.fields());
  });
});

describe('KitContextManager', () => {
  const manager = new KitContextManager().enable();
  beforeAll(() => context.setGlobalContextManager(manager));
  afterAll(() => {
    context.disable();
  });

  it('is at the kit root outside any context, and inside one entered with the API root', () => {
    expect(context.active()).toBe(LINKED_ROOT);
    context.with(ROOT_CONTEXT, () => expect(context.active()).toBe(LINKED_ROOT));
    const inner = context.active().setValue(KEYS[0], 'inner');
    context.with(inner, () => expect(context.active()).toBe(inner));
  });
});
