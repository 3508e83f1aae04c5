#!/usr/bin/env node
'use strict';
// Builds the receiver's web UI into dist/web: type-checks web/ (its own tsconfig, DOM types), then
// esbuild bundles it to one script and one stylesheet beside index.html. Nothing is fetched at
// run time from elsewhere: the UI works offline.
const { spawnSync } = require('node:child_process');
const { copyFileSync, mkdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const esbuild = require('esbuild');

const packageDir = join(__dirname, '..');
const webDir = join(packageDir, 'web');
const outDir = join(packageDir, 'dist', 'web');

const typeCheck = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(webDir, 'tsconfig.json')], { stdio: 'inherit' });
if (typeCheck.status !== 0) {
  console.error('build-web: packages/receiver/web does not type-check (above)');
  process.exit(1);
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const common = { bundle: true, minify: true, sourcemap: true, logLevel: 'warning', legalComments: 'none' };
esbuild.buildSync({ ...common, entryPoints: [join(webDir, 'src', 'main.ts')], outfile: join(outDir, 'app.js'), format: 'iife', target: 'es2020' });
esbuild.buildSync({ ...common, entryPoints: [join(webDir, 'styles.css')], outfile: join(outDir, 'app.css') });
for (const file of ['index.html', 'favicon.svg']) copyFileSync(join(webDir, file), join(outDir, file));
