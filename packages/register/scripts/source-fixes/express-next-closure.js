// Upstream: @opentelemetry/instrumentation-express 0.72, `ExpressInstrumentation._applyPatch`
// hands each traced layer a new `next` with `arguments[callbackIdx] = function () {...}`. V8
// allocates a function literal that is assigned straight to a property in the old generation
// (it expects a long-lived method). Made once per layer per request, that closure is garbage
// as soon as the request ends, but being old it is only freed by a full collection, and until
// then it keeps the layer's closure context alive through every young-generation collection:
// the request, the response, the spans, the router's `next`. Measured on Node 24 with the bench
// app (bench/profile/promotion.js): ~4.1 KB promoted per recorded request, ~100k instructions.
// Assigned through a local, the closure is an ordinary young object. Applied to the source as
// it is bundled. Drop this file when upstream makes the closure apart from the assignment.
const ASSIGNED = 'if (callbackIdx >= 0) arguments[callbackIdx] = function() {';

/** `source` with the closure made first, then assigned; throws if upstream's text changed. */
function assignThroughLocal(source) {
  const start = source.indexOf(ASSIGNED);
  if (start < 0 || source.indexOf(ASSIGNED, start + 1) >= 0) throw new Error(`expected "${ASSIGNED}" once`);
  const open = start + ASSIGNED.length - 1;
  let depth = 0;
  let end = open;
  do {
    if (source[end] === '{') depth++;
    else if (source[end] === '}') depth--;
    end++;
  } while (depth > 0 && end < source.length);
  if (source[end] !== ';') throw new Error('expected the function expression to end the statement');
  const literal = source.slice(open - 'function() '.length, end);
  return `${source.slice(0, start)}const kitNext = ${literal};\nif (callbackIdx >= 0) arguments[callbackIdx] = kitNext;${source.slice(end + 1)}`;
}

module.exports = {
  name: 'express-next-closure',
  file: /[\\/]@opentelemetry[\\/]instrumentation-express[\\/]dist[\\/]instrumentation\.(cjs|mjs)$/,
  apply: (source) => assignThroughLocal(source),
};
