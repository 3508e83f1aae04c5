// Upstream: @opentelemetry/core 3.1, `isAnyValue` (common/attributes) makes a `new WeakSet()` to
// detect cycles for every attribute value it checks, strings and numbers included, and the SDK
// checks every attribute of every span: ~20 WeakSets per recorded request of the bench app,
// ~3.7 KB of its ~39 KB of garbage (bench/profile/promotion.js). A value that is not an object
// has nothing to recurse into; it gets none. Drop this file when upstream makes the set lazily.
const UPSTREAM = 'return isAnyValueInternal(val, /* @__PURE__ */ new WeakSet());';
const FIXED = 'return isAnyValueInternal(val, typeof val === "object" && val !== null ? new WeakSet() : void 0);';

module.exports = {
  name: 'core-attribute-weakset',
  file: /[\\/]@opentelemetry[\\/]core[\\/]dist[\\/]common[\\/]attributes\.(cjs|mjs)$/,
  apply: (source, { replaceOnce }) => replaceOnce(source, UPSTREAM, FIXED),
};
