import { context, trace, type Context } from '@opentelemetry/api';
import { inContext } from './in-context';

type Handle = (...args: unknown[]) => unknown;
interface Layer {
  handle: Handle;
}
interface LayerPatcher {
  _applyPatch(layer: Layer, layerPath?: string): void;
}

/** shimmer's marks on a wrapped function, which the instrumentation's disable() relies on. */
const SHIMMER_MARKS = ['__original', '__unwrap', '__wrapped'];

/**
 * The express instrumentation works out routes and layer metadata for every layer of every
 * request before it looks at whether the request is traced at all, and for a request that
 * is not recorded it then starts (non-recording) spans and binds callbacks. Each layer it
 * patches gets a switch in front: the official handler when the request's span records,
 * express's own handler when it does not (nothing it would have done is visible then).
 * Only for samplers whose children follow the parent's decision.
 */
export function skipUnrecordedLayers(instrumentation: object): void {
  const patcher = instrumentation as LayerPatcher;
  const applyPatch = patcher._applyPatch.bind(instrumentation);
  patcher._applyPatch = (layer, layerPath) => {
    const plain = layer.handle;
    applyPatch(layer, layerPath);
    const traced = layer.handle;
    if (traced === plain) return; // patched before, or an error handler, which it leaves alone
    layer.handle = switchOnRecording(traced, plain);
  };
}

/** `next`, run in `active` wherever it is called from, with `next`'s arity (express reads it). */
function bindNext(active: Context, next: Handle): Handle {
  const bound = inContext(active, next);
  if (next.length !== bound.length) Object.defineProperty(bound, 'length', { value: next.length });
  return bound;
}

function switchOnRecording(traced: Handle, plain: Handle): Handle {
  // express tells error handlers from others by arity: keep the traced handler's.
  const handle = function (this: unknown) {
    const args = arguments as unknown as unknown[];
    const active = context.active();
    if (trace.getSpan(active)?.isRecording() === true) return traced.apply(this, args);
    // As the official handler does, `next` goes on in the request's context even when the
    // middleware calls it from elsewhere (a timer, a queue, a pool's callback).
    for (let at = 0; at < args.length; at++) {
      if (typeof args[at] === 'function') {
        args[at] = bindNext(active, args[at] as Handle);
        break;
      }
    }
    return plain.apply(this, args);
  };
  Object.defineProperty(handle, 'length', { value: traced.length });
  // Routers are functions with properties (stack, params...) that express reads through the
  // layer; like the official patch, pass them through to express's own function.
  const properties = plain as unknown as Record<string, unknown>;
  for (const key in plain) {
    Object.defineProperty(handle, key, { get: () => properties[key], set: (value) => (properties[key] = value) });
  }
  for (const key of SHIMMER_MARKS) {
    const descriptor = Object.getOwnPropertyDescriptor(traced, key);
    if (descriptor) Object.defineProperty(handle, key, descriptor);
  }
  return handle;
}
