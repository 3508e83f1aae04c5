// Upstream source fixed as it is bundled, for what cannot be changed from outside at run time.
// Each fix is a file here naming the upstream code and what it costs; the build fails when a fix
// finds no file or no longer finds its text, so that an upgrade is looked at, not left unfixed.
const fs = require('node:fs');

/** Fixes to the code bundled into the entries, and to the bundled OTLP protobuf exporter. */
const ENTRY_FIXES = [require('./express-next-closure'), require('./core-attribute-weakset'), require('./core-attribute-keys'), require('./semconv-literal-keys')];
const EXPORTER_FIXES = [require('./otlp-serializer-one-pass'), require('./otlp-writer-strings-one-pass')];

/** `source` with `find` replaced by `replace`, which must occur exactly once. */
function replaceOnce(source, find, replace) {
  const at = source.indexOf(find);
  if (at < 0 || source.indexOf(find, at + 1) >= 0) throw new Error(`expected ${JSON.stringify(find)} once`);
  return source.slice(0, at) + replace + source.slice(at + find.length);
}

/** The esbuild plugin that applies to each file the fixes that name it, in turn. */
const sourceFixes = (FIXES) => ({
  name: 'source-fixes',
  setup(build) {
    const applied = new Set();
    build.onLoad({ filter: /[\\/]@opentelemetry[\\/]/ }, ({ path }) => {
      const fixes = FIXES.filter((fix) => fix.file.test(path));
      if (fixes.length === 0) return undefined;
      let contents = fs.readFileSync(path, 'utf8');
      for (const fix of fixes) {
        try {
          const fixed = fix.apply(contents, { path, replaceOnce });
          if (fixed !== contents) applied.add(fix);
          contents = fixed;
        } catch (error) {
          return { errors: [{ text: `source fix ${fix.name}: ${path}: ${error.message}` }] };
        }
      }
      return { contents, loader: 'js' };
    });
    build.onEnd((result) => {
      const unused = FIXES.filter((fix) => !applied.has(fix)).map((fix) => fix.name);
      if (unused.length > 0 && result.errors.length === 0) throw new Error(`source fixes that changed nothing (drop or update them): ${unused.join(', ')}`);
    });
  },
});

module.exports = { entryFixes: sourceFixes(ENTRY_FIXES), exporterFixes: sourceFixes(EXPORTER_FIXES) };
