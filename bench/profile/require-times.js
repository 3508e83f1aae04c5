'use strict';
// Preload before a bootstrap (`node -r ./bench/profile/require-times.js -r @kit/register app.js`)
// to see where its start-up goes: for each package, the time spent loading its own modules
// (exclusive of the packages it loads in turn) and how many modules it loaded. Printed to
// stderr when the app prints its ready line.
const Module = require('node:module');
const { performance } = require('node:perf_hooks');

const byPackage = new Map();
const stack = [];
const originalLoad = Module._load;
let modules = 0;

function packageOf(request, parent) {
  let file;
  try {
    file = Module._resolveFilename(request, parent);
  } catch {
    return request;
  }
  if (!file.includes('/')) return 'node:core';
  const at = file.lastIndexOf('/node_modules/');
  if (at < 0) return file.includes('/packages/') ? file.replace(/.*\/packages\/([^/]+)\/.*/, '@kit/$1') : 'app';
  const rest = file.slice(at + '/node_modules/'.length).split('/');
  return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

Module._load = function timedLoad(request, parent, isMain) {
  const cached = Module._cache[safeResolve(request, parent)];
  if (cached) return originalLoad.apply(this, arguments);
  const name = packageOf(request, parent);
  const frame = { name, start: performance.now(), childTime: 0 };
  stack.push(frame);
  try {
    return originalLoad.apply(this, arguments);
  } finally {
    stack.pop();
    const total = performance.now() - frame.start;
    if (stack.length) stack[stack.length - 1].childTime += total;
    const entry = byPackage.get(name) ?? { ms: 0, modules: 0 };
    entry.ms += total - frame.childTime;
    entry.modules++;
    modules++;
    byPackage.set(name, entry);
  }
};

function safeResolve(request, parent) {
  try {
    return Module._resolveFilename(request, parent);
  } catch {
    return undefined;
  }
}

const write = process.stdout.write.bind(process.stdout);
process.stdout.write = function (chunk, ...rest) {
  if (String(chunk).startsWith('ready ')) report();
  return write(chunk, ...rest);
};

function report() {
  const rows = [...byPackage].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((sum, [, e]) => sum + e.ms, 0);
  process.stderr.write(`require: ${modules} modules, ${total.toFixed(0)} ms; up to ready: ${performance.now().toFixed(0)} ms since process start\n`);
  for (const [name, { ms, modules: count }] of rows.slice(0, 25)) {
    process.stderr.write(`${ms.toFixed(1).padStart(8)} ms ${String(count).padStart(5)}  ${name}\n`);
  }
}
