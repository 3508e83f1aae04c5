'use strict';
// `node bench/profile/summarize-cpuprofile.js file.cpuprofile [top]`: where a `node --cpu-prof`
// profile spent its time: by package (self time; and self time with Node's own internals charged
// to the package that called them, e.g. the header writes an instrumentation asks for) and by function.
const fs = require('node:fs');

const [file, top = '20'] = process.argv.slice(2);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
}

function packageOf(url) {
  if (!url) return '(native/gc/idle)';
  if (url.startsWith('node:')) return 'node:core';
  const at = url.lastIndexOf('/node_modules/');
  if (at < 0) return url.includes('/packages/') ? url.replace(/.*\/packages\/([^/]+)\/.*/, '@kit/$1') : url.replace(/.*\/(bench\/.*)/, '$1');
  const rest = url.slice(at + '/node_modules/'.length).split('/');
  return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const packageOfNode = (id) => {
  const { callFrame } = nodes.get(id);
  return callFrame.functionName === '(idle)' ? '(idle)' : packageOf(callFrame.url);
};

const byPackage = new Map();
const charged = new Map();
const INTERNAL = new Set(['node:core', '(native/gc/idle)']);
const byFunction = new Map();
let total = 0;
for (const [id, ms] of selfMs) {
  const { callFrame } = nodes.get(id);
  const pkg = packageOfNode(id);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
  let caller = id;
  while (INTERNAL.has(packageOfNode(caller)) && parentOf.has(caller) && nodes.get(parentOf.get(caller)).callFrame.functionName !== '(root)') {
    caller = parentOf.get(caller);
  }
  const payer = INTERNAL.has(packageOfNode(caller)) ? pkg : packageOfNode(caller);
  charged.set(payer, (charged.get(payer) ?? 0) + ms);
  const fn = `${callFrame.functionName || '(anonymous)'} ${pkg}:${callFrame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  total += ms;
}

const print = (title, map) => {
  console.log(`${title} (of ${total.toFixed(0)} ms sampled)`);
  for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
    console.log(`${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${name}`);
  }
};
print('self time by package', byPackage);
print('self time by package, internals charged to their caller', charged);
print('self time by function', byFunction);
