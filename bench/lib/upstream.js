'use strict';
// The upstream reference, installed on first run into bench/.upstream (git-ignored), so
// that the project's own install and CI never carry it.
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('./processes');

const PACKAGE = '@opentelemetry/auto-instrumentations-node';
// The release built on the same SDK generation as the kit (sdk-node 0.300, sdk 3.x).
// Its engines field asks for Node >= 22.15, like the kit's own @opentelemetry deps;
// it runs on Node 20 as they do.
const VERSION = '0.82.0';
const DIR = path.join(__dirname, '..', '.upstream');
const INSTALL_TIMEOUT_MS = 5 * 60_000;

function installedVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(DIR, 'node_modules', PACKAGE, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Installs the pinned release unless it is there already; returns the `-r` path of its register entry. */
async function ensureUpstream(log) {
  if (installedVersion() !== VERSION) {
    log(`installing ${PACKAGE}@${VERSION} into ${path.relative(process.cwd(), DIR)} (first run only)`);
    fs.mkdirSync(DIR, { recursive: true });
    const manifest = { private: true, description: 'bench reference, installed by bench/run.js', dependencies: { [PACKAGE]: VERSION } };
    fs.writeFileSync(path.join(DIR, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
    await run(undefined, 'npm', ['install', '--prefix', DIR, '--omit=dev', '--no-audit', '--no-fund'], { timeoutMs: INSTALL_TIMEOUT_MS });
  }
  return require.resolve(`${PACKAGE}/register`, { paths: [DIR] });
}

module.exports = { ensureUpstream, UPSTREAM_DIR: DIR, UPSTREAM_PACKAGE: PACKAGE, UPSTREAM_VERSION: VERSION };
