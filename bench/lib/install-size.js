'use strict';
// Installed size of a bootstrap's production dependency tree: every package `npm ls` says
// the tree resolves to, each counted once, without the node_modules nested in it (those
// are packages of the tree in their own right). Disk usage, as `du` counts it.
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('./processes');

const NPM_LS_TIMEOUT_MS = 60_000;

function diskBytes(dir) {
  let bytes = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') bytes += diskBytes(full);
    } else {
      bytes += fs.lstatSync(full).blocks * 512;
    }
  }
  return bytes;
}

/** `npmArgs` select the tree (`-w packages/register`, or `--prefix bench/.upstream`). */
async function installedTree(cwd, npmArgs) {
  const out = await run(undefined, 'npm', ['ls', '--omit=dev', '--all', '--parseable', ...npmArgs], { timeoutMs: NPM_LS_TIMEOUT_MS, cwd }).catch((error) => {
    // npm ls exits non-zero on peer-dependency complaints but still lists the tree.
    if (error.stdout) return error.stdout;
    throw error;
  });
  const [root, ...packages] = out.trim().split('\n');
  const dirs = new Set(packages.filter((p) => p !== root).map((p) => fs.realpathSync(p)));
  let bytes = 0;
  for (const dir of dirs) bytes += diskBytes(dir);
  return { packages: dirs.size, mb: bytes / 2 ** 20 };
}

module.exports = { installedTree };
