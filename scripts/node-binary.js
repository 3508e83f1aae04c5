#!/usr/bin/env node
// A Node.js binary of a given major version, for running the tests (and the bench) on Node
// versions other than the machine's. `node scripts/node-binary.js 24` prints the absolute path of
// a Node 24 `bin/node`; from JS, `require('./scripts/node-binary').nodeBinary(24)` returns it.
//
// The binary comes from the npm registry's `node-<platform>-<arch>` package (`npm pack`, so the
// machine's npm configuration and registry apply) and is kept in `.cache/node/<version>/bin/node`
// at the repository root. The cache is looked at first: a major already there is served by its
// highest cached version, without calling npm. A download is extracted into a temporary folder
// and renamed into place only once the binary runs, so an interrupted one leaves no half folder.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const CACHE_DIR = path.resolve(__dirname, '..', '.cache', 'node');
const VERSION_DIR = /^(\d+)\.(\d+)\.(\d+)$/;
const TMP_PREFIX = '.tmp-';

/** The npm package holding this machine's Node binary (`bin/node` in it, on Linux and macOS). */
function packageName() {
  if (process.platform !== 'linux' && process.platform !== 'darwin') {
    throw new Error(`node-binary: no npm package layout known for ${process.platform}`);
  }
  return `node-${process.platform}-${process.arch}`;
}

function binaryIn(versionDir) {
  return path.join(CACHE_DIR, versionDir, 'bin', 'node');
}

/** The highest cached version of this major that has its binary, or undefined. */
function cachedVersion(major) {
  let entries;
  try {
    entries = fs.readdirSync(CACHE_DIR);
  } catch {
    return undefined;
  }
  return entries
    .map((name) => ({ name, parts: VERSION_DIR.exec(name) }))
    .filter(({ name, parts }) => parts && Number(parts[1]) === major && fs.existsSync(binaryIn(name)))
    .sort((a, b) => Number(b.parts[2]) - Number(a.parts[2]) || Number(b.parts[3]) - Number(a.parts[3]))
    .map(({ name }) => name)[0];
}

/** npm's own reason for a failure, on one line (its "npm error" lines, without the noise). */
function npmReason(stderr) {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('npm error '))
    .map((line) => line.slice('npm error '.length))
    .filter((line) => line && !/^(code|errno|syscall) |^A complete log/.test(line));
  const code = /^npm error code (\S+)/m.exec(stderr)?.[1];
  const reason = (lines[0] ?? stderr.trim().split('\n').pop() ?? '').replace(/^[a-z]+ (?=[A-Z])/, '');
  return [code, reason].filter(Boolean).join(': ') || 'no output';
}

/** Temporary folders of downloads whose process is gone (interrupted): removed. */
function sweepStale() {
  for (const name of fs.readdirSync(CACHE_DIR)) {
    if (!name.startsWith(TMP_PREFIX)) continue;
    const pid = Number(name.slice(TMP_PREFIX.length).split('-')[0]);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = pid !== process.pid;
    } catch (error) {
      alive = error.code === 'EPERM';
    }
    if (!alive) fs.rmSync(path.join(CACHE_DIR, name), { recursive: true, force: true });
  }
}

function download(major) {
  const spec = `${packageName()}@${major}`;
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  sweepStale();
  const tmp = fs.mkdtempSync(path.join(CACHE_DIR, `${TMP_PREFIX}${process.pid}-`));
  try {
    process.stderr.write(`node-binary: downloading ${spec} (npm pack) into ${path.relative(process.cwd(), CACHE_DIR) || '.'}\n`);
    const pack = spawnSync('npm', ['pack', spec, '--json', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: tmp,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (pack.error) throw new Error(`node-binary: cannot run npm pack ${spec}: ${pack.error.message}`);
    if (pack.status !== 0) throw new Error(`node-binary: npm pack ${spec} failed: ${npmReason(pack.stderr)}`);
    let packed;
    try {
      [packed] = JSON.parse(pack.stdout);
    } catch {
      throw new Error(`node-binary: npm pack ${spec} printed no JSON result`);
    }
    const { version, filename } = packed ?? {};
    if (!VERSION_DIR.test(version ?? '') || Number(version.split('.')[0]) !== major) {
      throw new Error(`node-binary: npm pack ${spec} gave version ${version}, not a ${major}.x.y`);
    }

    const staged = path.join(tmp, 'node');
    fs.mkdirSync(staged);
    const tar = spawnSync('tar', ['-xzf', path.join(tmp, filename), '-C', staged, '--strip-components=1', 'package/bin/node', 'package/LICENSE'], {
      encoding: 'utf8',
    });
    if (tar.error || tar.status !== 0) {
      throw new Error(`node-binary: cannot extract bin/node from ${filename}: ${(tar.error?.message ?? tar.stderr).trim().split('\n')[0]}`);
    }
    const check = spawnSync(path.join(staged, 'bin', 'node'), ['--version'], { encoding: 'utf8' });
    if (check.error || check.stdout.trim() !== `v${version}`) {
      throw new Error(`node-binary: the extracted ${spec} binary does not run as v${version}: ${check.error?.message ?? (check.stdout + check.stderr).trim()}`);
    }

    try {
      fs.renameSync(staged, path.join(CACHE_DIR, version));
    } catch (error) {
      // Another run put the same version in place meanwhile: use that one.
      if (!fs.existsSync(binaryIn(version))) throw error;
    }
    return version;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Absolute path of a Node `bin/node` of this major version, downloaded once into .cache/node. */
function nodeBinary(major) {
  const wanted = Number(major);
  if (!Number.isInteger(wanted) || wanted <= 0 || !/^\d+$/.test(String(major))) {
    throw new Error(`node-binary: expected a Node major version such as 24, got ${JSON.stringify(major)}`);
  }
  return binaryIn(cachedVersion(wanted) ?? download(wanted));
}

module.exports = { nodeBinary, CACHE_DIR };

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args.length !== 1) {
    process.stderr.write('usage: node scripts/node-binary.js <major>   (prints the path of that Node\'s bin/node)\n');
    process.exit(2);
  }
  try {
    process.stdout.write(`${nodeBinary(args[0])}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
