// Bundles the -r entry and what it always loads into one file, dist/bundle/register.js:
// resolving and compiling ~300 small modules is most of a tracing bootstrap's start-up time.
// Left outside the bundle, and loaded from node_modules only when configured: the exporters,
// the optional propagators and the remote sampler. @opentelemetry/api stays shared with the
// app, and import-in-the-middle must be the very instance that the ESM loader hook uses.
const esbuild = require('esbuild');
const path = require('node:path');

esbuild
  .build({
    entryPoints: [path.join(__dirname, '..', 'dist', 'register.js')],
    outfile: path.join(__dirname, '..', 'dist', 'bundle', 'register.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    legalComments: 'linked',
    logLevel: 'warning',
    external: [
      '@opentelemetry/api',
      'import-in-the-middle',
      '@opentelemetry/exporter-*',
      '@opentelemetry/propagator-*',
      '@opentelemetry/sampler-jaeger-remote',
    ],
  })
  .catch(() => process.exit(1));
