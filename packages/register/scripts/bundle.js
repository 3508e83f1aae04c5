// Bundles each entry and what it always loads into one file (dist/bundle/register.js for -r and
// --import, dist/bundle/api.js for the API): resolving and compiling ~300 small modules is most
// of a tracing bootstrap's start-up time. Left outside, and loaded from node_modules only when
// configured: the OTLP gRPC exporter (grpc-js reads its .proto files from beside its sources)
// and the B3 propagator. @opentelemetry/api stays shared with the app, and import-in-the-middle
// must be the very instance that the ESM loader hook uses.
//
// What is bundled is not installed in the app (devDependencies), and that keeps the app's tree
// valid. Upstream left the Jaeger exporter, propagator and remote sampler on the previous SDK
// line (their core and sdk-trace 2.x declare @opentelemetry/api <1.10: ERESOLVE under
// --strict-peer-deps); they are bundled apart, one file each in dist/vendor/, loaded only when
// configured, and run on the app's @opentelemetry/api. The contrib instrumentations declare
// @opentelemetry/instrumentation ^0.300.0 (grpc exactly 0.300.0), which excludes the kit's 0.301.0:
// installed, they would bring a second copy, with require hooks of its own; bundled, every one of
// them runs on the kit's copy. The OTLP HTTP exporters (protobuf, the default, and JSON) are
// bundled apart too, from their ES modules so that only the trace path is kept: installed, the
// first export loaded otlp-transformer's index with the metrics and logs SDKs, ~160 modules and
// ~70 ms on the event loop in the middle of the app's first traffic. Bundling is also where
// upstream source is fixed when nothing can be done from outside at run time (source-fixes/).
const esbuild = require('esbuild');
const path = require('node:path');
const { entryFixes, exporterFixes } = require('./source-fixes');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');

/** Bundled apart: package → its file in dist/vendor/ and what goes into it. */
const VENDORED = {
  '@opentelemetry/exporter-jaeger': { file: 'exporter-jaeger.js' },
  '@opentelemetry/propagator-jaeger': { file: 'propagator-jaeger.js' },
  '@opentelemetry/sampler-jaeger-remote': { file: 'sampler-jaeger-remote.js' },
  '@opentelemetry/exporter-trace-otlp-proto': { file: 'exporter-trace-otlp-proto.js', esm: ['OTLPTraceExporter'], plugins: [exporterFixes] },
  '@opentelemetry/exporter-trace-otlp-http': { file: 'exporter-trace-otlp-http.js', esm: ['OTLPTraceExporter'] },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'linked',
  logLevel: 'warning',
};

/** Every import of @opentelemetry/instrumentation, whoever asks, gets the kit's own copy. */
const oneInstrumentation = {
  name: 'one-instrumentation',
  setup(build) {
    const own = require.resolve('@opentelemetry/instrumentation', { paths: [root] });
    build.onResolve({ filter: /^@opentelemetry\/instrumentation$/ }, () => ({ path: own }));
  },
};

/** From an entry in dist/bundle/, a vendored package is the file next door in dist/vendor/. */
const vendoredNextDoor = {
  name: 'vendored-next-door',
  setup(build) {
    build.onResolve({ filter: /^@opentelemetry\/[\w-]+$/ }, ({ path: name }) =>
      VENDORED[name] ? { path: `../vendor/${VENDORED[name].file}`, external: true } : undefined,
    );
  },
};

const entries = esbuild.build({
  ...common,
  entryPoints: { register: path.join(dist, 'register.js'), api: path.join(dist, 'api.js') },
  outdir: path.join(dist, 'bundle'),
  external: ['@opentelemetry/api', 'import-in-the-middle', '@opentelemetry/exporter-*', '@opentelemetry/propagator-b3'],
  plugins: [vendoredNextDoor, oneInstrumentation, entryFixes],
});

// An ES module re-export is tree-shaken (the packages declare no side effects); a CommonJS one is not.
const vendored = Object.entries(VENDORED).map(([name, { file, esm, plugins = [] }]) =>
  esbuild.build({
    ...common,
    stdin: {
      contents: esm ? `export { ${esm.join(', ')} } from ${JSON.stringify(name)};` : `module.exports = require(${JSON.stringify(name)});`,
      resolveDir: root,
    },
    outfile: path.join(dist, 'vendor', file),
    // jaeger-client reads its .thrift files from beside its own sources: installed, not bundled.
    external: ['@opentelemetry/api', 'jaeger-client'],
    plugins,
  }),
);

Promise.all([entries, ...vendored]).catch(() => process.exit(1));
