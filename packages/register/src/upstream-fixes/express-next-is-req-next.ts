// Upstream: @opentelemetry/instrumentation-express 0.72, `ExpressInstrumentation._applyPatch`
// hands each middleware a wrapper of `next`, while express's own code (res.format's callbacks,
// res.sendFile's errors) uses `req.next`, which the router set to the unwrapped one: code that
// compares them, as Express's res.format tests with a `.default` callback do, behaves differently.
// Drop this file when upstream keeps `req.next` in step with the `next` it hands out.

type Handle = (...args: unknown[]) => unknown;
interface Layer {
  handle: Handle;
}
interface LayerPatcher {
  _applyPatch(layer: Layer, layerPath?: string): void;
}

/**
 * Under each layer the official patch wraps, a thin handle that sets `req.next` to the `next` it
 * was called with (the official wrapper, or the kit's bound one for unrecorded requests), so
 * that for the middleware `next === req.next`, as without the kit.
 */
export function keepNextAsReqNext(instrumentation: object): void {
  const patcher = instrumentation as LayerPatcher;
  const applyPatch = patcher._applyPatch.bind(instrumentation);
  patcher._applyPatch = (layer, layerPath) => {
    const plain = layer.handle;
    // Error handlers (arity 4) are left alone upstream: their `next` is the router's own.
    if (typeof plain !== 'function' || plain.length === 4) return applyPatch(layer, layerPath);
    const inner = setReqNext(plain);
    layer.handle = inner;
    applyPatch(layer, layerPath);
    if (layer.handle === inner) layer.handle = plain; // patched before: nothing went on top
  };
}

function setReqNext(plain: Handle): Handle {
  const handle = function (this: unknown, ...args: unknown[]) {
    const [req, , next] = args as [{ next?: unknown } | undefined, unknown, unknown];
    if (typeof next === 'function' && typeof req === 'object' && req !== null) req.next = next;
    return plain.apply(this, args);
  };
  Object.defineProperty(handle, 'length', { value: plain.length });
  // Routers are functions with properties (stack, params...): pass them through, as upstream does.
  const properties = plain as unknown as Record<string, unknown>;
  for (const key in plain) {
    Object.defineProperty(handle, key, { get: () => properties[key], set: (value) => (properties[key] = value) });
  }
  return handle;
}
