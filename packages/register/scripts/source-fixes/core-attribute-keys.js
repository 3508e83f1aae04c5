// Upstream: @opentelemetry/core 3.1, `cleanAttributesInternal` (common/attributes), which the SDK
// runs on the attributes of every span it starts, walks them with `Object.entries`: an array
// per attribute besides the outer one, ~2.2 KB of garbage per recorded request of the bench app
// (of ~32 KB; the inspector's sampling heap profiler, collected objects included). The same keys,
// in the same order, from `Object.keys`, with the value read in the loop. Drop this file when
// upstream walks the keys.
const UPSTREAM = 'for (const [key, val] of Object.entries(inAttributes)) {';
const FIXED = 'const keys = Object.keys(inAttributes);\n\tfor (let i = 0; i < keys.length; i++) {\n\t\tconst key = keys[i];\n\t\tconst val = inAttributes[key];';

module.exports = {
  name: 'core-attribute-keys',
  file: /[\\/]@opentelemetry[\\/]core[\\/]dist[\\/]common[\\/]attributes\.(cjs|mjs)$/,
  apply: (source, { replaceOnce }) => replaceOnce(source, UPSTREAM, FIXED),
};
