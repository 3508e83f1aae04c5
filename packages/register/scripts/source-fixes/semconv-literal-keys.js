// Upstream: the official instrumentations (http, express, grpc, pg, undici...) build each span's
// attributes as object literals keyed by semantic-convention constants, `{ [ATTR_URL_PATH]: ... }`,
// and the SDK its per-span metric attributes the same way.
// A computed key makes V8 define every property one by one through its runtime, on every request,
// where a literal key is part of the object's boilerplate: ~33k instructions per recorded request
// of the bench app (518.8k -> 485.6k, bench/profile/instructions.js). As they are bundled, such
// keys become the strings the constants hold, read from the very module the file requires: the
// same object, built the cheap way. Drop this file when upstream writes the keys out.
const path = require('node:path');

const FILE = /[\\/]@opentelemetry[\\/][\w-]+[\\/]dist[\\/][\w/\\.-]+\.cjs$/;
/** `let name = require("spec")`: the modules a file reads constants from. */
const REQUIRE = /^(?:const|let|var) ([\w$]+) = require\("([^"]+)"\);?$/gm;
/** `[name.ATTR_X]:` in an object literal. */
const COMPUTED_KEY = /\[([\w$]+)\.([A-Z][A-Z0-9_]*)\](\s*:)/g;

/** `source` with computed semantic-convention keys written out; unchanged if it has none. */
function literalKeys(source, file) {
  const modules = new Map();
  for (const [, name, spec] of source.matchAll(REQUIRE)) {
    if (!/semconv|semantic-conventions/.test(spec)) continue;
    modules.set(name, require(require.resolve(spec, { paths: [path.dirname(file)] })));
  }
  if (modules.size === 0) return source;
  return source.replace(COMPUTED_KEY, (key, name, constant, colon) => {
    const value = modules.get(name)?.[constant];
    return typeof value === 'string' ? `${JSON.stringify(value)}${colon}` : key;
  });
}

module.exports = {
  name: 'semconv-literal-keys',
  file: FILE,
  apply: (source, { path: file }) => literalKeys(source, file),
};
