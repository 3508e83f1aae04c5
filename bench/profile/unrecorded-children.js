'use strict';
// `node bench/profile/unrecorded-children.js`: what a span costs inside a request that is not
// recorded (a query, an outgoing call, a manual span: start, one attribute, end), through the
// SDK's tracer and through the kit's fast path for children of an unsampled span
// (packages/register/src/sdk/unrecorded-children.ts), interleaved in one process. Run `npm run
// build` first: it loads the built module.
const { trace, ROOT_CONTEXT, SpanKind } = require('@opentelemetry/api');
const { TracerProvider, ParentBasedSampler, AlwaysOnSampler, RandomIdGenerator } = require('@opentelemetry/sdk-trace');
const { skipUnrecordedChildren } = require('../../packages/register/dist/sdk/unrecorded-children');
const { runOnBenchNode } = require('../lib/bench-node');
const { median } = require('../lib/stats');

runOnBenchNode();

const SPANS = 1_000_000;
const ROUNDS = 5;
const unsampledParent = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'd4cda95b652f4a1592b449d5929fda1b', spanId: '6e0c63257de34c92', traceFlags: 0 });
// What the pg instrumentation gives a query span.
const options = () => ({
  kind: SpanKind.CLIENT,
  attributes: { 'db.system.name': 'postgresql', 'db.namespace': 'test', 'db.query.text': 'SELECT * FROM greetings WHERE name = $1', 'server.address': '127.0.0.1', 'server.port': 5432 },
});

function tracerOf(fast) {
  const provider = new TracerProvider({ sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }) });
  if (fast) skipUnrecordedChildren(provider, new RandomIdGenerator());
  return provider.getTracer('bench');
}

function nsPerSpan(tracer, count) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const span = tracer.startSpan('SELECT test', options(), unsampledParent);
    span.setAttribute('db.response.returned_rows', 1);
    span.end();
  }
  return Number(process.hrtime.bigint() - start) / count;
}

const tracers = { sdk: tracerOf(false), kit: tracerOf(true) };
const results = { sdk: [], kit: [] };
for (const tracer of Object.values(tracers)) nsPerSpan(tracer, SPANS / 5); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const name of round % 2 ? ['kit', 'sdk'] : ['sdk', 'kit']) results[name].push(nsPerSpan(tracers[name], SPANS));
}
const [sdk, kit] = [median(results.sdk), median(results.kit)];
console.log(`${process.version}: a span in a request not recorded, median of ${ROUNDS} rounds of ${SPANS} spans`);
console.log(`  SDK's tracer          ${sdk.toFixed(0).padStart(5)} ns`);
console.log(`  kit's fast path       ${kit.toFixed(0).padStart(5)} ns (${(sdk / kit).toFixed(1)}x less)`);
