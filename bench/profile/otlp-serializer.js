'use strict';
// `node bench/profile/otlp-serializer.js [rounds]`: the cost per span of serializing a batch for
// OTLP http/protobuf, upstream's otlp-transformer against the copy bundled into the kit
// (packages/register/dist/vendor/, with its source fixes), interleaved in one process. The spans
// are the bench app's: a server span and an express span per request, real SDK spans, in
// batches of 512 as the batch processor sends them. Needs `npm run build` first.
const path = require('node:path');
const { runOnBenchNode } = require('../lib/bench-node');
const { median } = require('../lib/stats');

runOnBenchNode();

const KIT = path.join(__dirname, '..', '..', 'packages', 'register');
const kitRequire = require('node:module').createRequire(path.join(KIT, 'package.json'));
const { trace, SpanKind } = kitRequire('@opentelemetry/api');
const { resourceFromAttributes } = kitRequire('@opentelemetry/resources');
const { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } = kitRequire('@opentelemetry/sdk-trace');
const { ProtobufTraceSerializer } = kitRequire('@opentelemetry/otlp-transformer');
const { OTLPTraceExporter } = require(path.join(KIT, 'dist', 'vendor', 'exporter-trace-otlp-proto.js'));

const BATCH = 512;
const ROUNDS = Number(process.argv[2] ?? 7);

/** A batch of the bench app's spans: per request, the http server span and express's handler span. */
function benchSpans() {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench-app', 'process.pid': process.pid, 'process.runtime.name': 'nodejs', 'host.name': 'vm' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const http = provider.getTracer('@opentelemetry/instrumentation-http', '0.301.0');
  const express = provider.getTracer('@opentelemetry/instrumentation-express', '0.72.0');
  for (let i = 0; i < BATCH / 2; i++) {
    http.startActiveSpan('GET /hello', { kind: SpanKind.SERVER }, (server) => {
      express
        .startSpan('request handler - /hello', { attributes: { 'http.route': '/hello', 'express.name': '/hello', 'express.type': 'request_handler' } })
        .end();
      server.setAttributes({
        'http.request.method': 'GET',
        'url.scheme': 'http',
        'server.address': '127.0.0.1',
        'network.peer.address': '127.0.0.1',
        'network.peer.port': 40000 + i,
        'network.protocol.version': '1.1',
        'user_agent.original': 'autocannon/9.0.0',
        'url.path': '/hello',
        'client.address': '127.0.0.1',
        'server.port': 3000,
        'http.response.status_code': 200,
        'http.route': '/hello',
      });
      server.end();
    });
  }
  trace.disable();
  return exporter.getFinishedSpans();
}

/** ns per span of `serialize` over `batch`, timed over ~200 ms. */
function nsPerSpan(serialize, batch) {
  let calls = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < 200_000_000n) {
    serialize(batch);
    calls++;
    elapsed = process.hrtime.bigint() - start;
  }
  return Number(elapsed) / calls / batch.length;
}

const batch = benchSpans();
const upstream = (spans) => ProtobufTraceSerializer.serializeRequest(spans);
const kitSerializer = new OTLPTraceExporter()._delegate._serializer;
const kit = (spans) => kitSerializer.serializeRequest(spans);
if (Buffer.compare(Buffer.from(upstream(batch)), Buffer.from(kit(batch))) !== 0) throw new Error('the two serializers wrote different bytes');

const results = { upstream: [], kit: [] };
for (let round = 0; round < ROUNDS; round++) {
  results.upstream.push(nsPerSpan(upstream, batch));
  results.kit.push(nsPerSpan(kit, batch));
}
const up = median(results.upstream);
const own = median(results.kit);
console.log(`${process.version}, ${batch.length} spans a batch, ${ROUNDS} rounds, medians`);
console.log(`upstream otlp-transformer ${up.toFixed(0).padStart(6)} ns per span`);
console.log(`kit's bundled copy        ${own.toFixed(0).padStart(6)} ns per span (${(own / up).toFixed(2)}x)`);
