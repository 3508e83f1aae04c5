'use strict';
// `node bench/profile/export-hook.js [rounds]`: what an export in flight costs the app's own code.
// While the kit exports a batch it enables an async_hooks init hook, so that no timer or socket
// the export makes keeps the process alive (upstream-fixes/exports-keep-process-alive.ts); under
// load an export is nearly always in flight. The app's work here is an await-bound request (an
// AsyncLocalStorage run, ten awaits, a timer set and cleared), timed with no export in flight and
// with one, alternately in one process. Needs `npm run build` first.
const { AsyncLocalStorage } = require('node:async_hooks');
const path = require('node:path');
const { median } = require('../lib/stats');

const { withoutKeepingAlive } = require(path.join(__dirname, '..', '..', 'packages', 'register', 'dist', 'upstream-fixes', 'exports-keep-process-alive.js'));

const ROUNDS = Number(process.argv[2] ?? 7);
const REQUESTS = 20_000;
const store = new AsyncLocalStorage();

async function step(value) {
  await null;
  return value + 1;
}

async function request() {
  clearTimeout(setTimeout(() => {}, 1000));
  let value = 0;
  for (let i = 0; i < 10; i++) value = await step(value);
  return value;
}

/** ns per request over REQUESTS requests, one after the other. */
async function nsPerRequest() {
  const start = process.hrtime.bigint();
  for (let i = 0; i < REQUESTS; i++) await store.run(i, request);
  return Number(process.hrtime.bigint() - start) / REQUESTS;
}

/** The same, while an export that has not finished keeps the kit's hook enabled. */
async function nsPerRequestDuringExport() {
  let finish;
  const exporting = withoutKeepingAlive(() => new Promise((resolve) => (finish = resolve)));
  const ns = await nsPerRequest();
  finish();
  await exporting;
  return ns;
}

async function main() {
  await nsPerRequest();
  await nsPerRequestDuringExport();
  const idle = [];
  const during = [];
  for (let round = 0; round < ROUNDS; round++) {
    idle.push(await nsPerRequest());
    during.push(await nsPerRequestDuringExport());
  }
  const base = median(idle);
  const hooked = median(during);
  console.log(`${process.version}, ${ROUNDS} rounds of ${REQUESTS} await-bound requests, medians`);
  console.log(`no export in flight  ${base.toFixed(0).padStart(6)} ns per request`);
  console.log(`an export in flight  ${hooked.toFixed(0).padStart(6)} ns per request (${(hooked / base).toFixed(2)}x)`);
}

main();
