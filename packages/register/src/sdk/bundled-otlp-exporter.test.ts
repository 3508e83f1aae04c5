import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { join } from 'node:path';

// The OTLP http/protobuf exporter the kit loads is upstream's, bundled into dist/vendor/ with
// source fixes to its serializer (scripts/source-fixes/otlp-*.js). Whatever the
// batch, it must write the very bytes upstream's installed serializer writes.
const VENDORED = join(__dirname, '..', '..', 'dist', 'vendor', 'exporter-trace-otlp-proto.js');

interface Serializer {
  serializeRequest(spans: ReadableSpan[]): Uint8Array | undefined;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { OTLPTraceExporter } = require(VENDORED) as { OTLPTraceExporter: new () => { _delegate: { _serializer: Serializer } } };
const bundled = new OTLPTraceExporter()._delegate._serializer;

/** Real SDK spans of two services and two scopes; `size` scales the strings, past 127 and 16,383 bytes. */
function spans(count: number, size: number): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const providers = ['front', 'greeter'].map(
    (service) =>
      new TracerProvider({
        resource: resourceFromAttributes({ 'service.name': service, 'process.pid': 42, 'host.arch': ['amd64'] }),
        spanProcessors: [new SimpleSpanProcessor({ exporter })],
      }),
  );
  const parent = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    traceFlags: TraceFlags.SAMPLED,
    traceState: new TraceState('vendor=value,other=ünï'),
    isRemote: true,
  });
  for (let i = 0; i < count; i++) {
    const tracer = providers[i % 2].getTracer(i % 3 ? 'scope-a' : 'scope-b', '1.0.0');
    // ASCII and not, short and long: the writer copies short ASCII strings itself.
    const text = `value ${i} ${'x'.repeat((i * 37) % size)}${i % 7 === 0 ? ' ü' : ''}`;
    const span = tracer.startSpan(
      `op ${i} ${i % 5 === 0 ? 'grüße 你好 😀' : ''}`,
      {
        kind: i % 4 === 0 ? SpanKind.SERVER : SpanKind.INTERNAL,
        attributes: { 'http.route': '/greet', text, count: i, ratio: i / 7, big: 2 ** 40 + i, negative: -i, ok: i % 2 === 0, list: ['a', text, 'ü'], numbers: [1, 2.5, -3], surrogates: i % 11 === 0 ? 'lone \ud83d' : 'pair 😀' },
        links: i % 3 === 0 ? [{ context: trace.getSpanContext(parent)!, attributes: { 'link.kind': 'follows_from' } }] : [],
      },
      i % 2 === 0 ? parent : ROOT_CONTEXT,
    );
    span.addEvent('greeting stored', { rows: i, text });
    if (i % 3 === 0) span.setStatus({ code: SpanStatusCode.ERROR, message: `failed: ${text}` });
    span.end();
  }
  return exporter.getFinishedSpans();
}

const same = (batch: ReadableSpan[]) => {
  const expected = Buffer.from(ProtobufTraceSerializer.serializeRequest(batch)!);
  const actual = Buffer.from(bundled.serializeRequest(batch)!);
  return { spans: batch.length, bytes: actual.length, same: actual.equals(expected), expectedBytes: expected.length };
};

test('the bundled serializer writes the bytes upstream writes, batch after batch of any size', () => {
  // Small after large after small: the bundled serializer sizes its buffer from the batch before.
  for (const [count, size] of [
    [1, 10],
    [512, 200],
    [3, 20_000],
    [2048, 1_000],
    [1, 10],
    [64, 50],
  ]) {
    const result = same(spans(count, size));
    expect(result).toEqual({ spans: count, bytes: result.expectedBytes, same: true, expectedBytes: result.expectedBytes });
  }
});

test('the bundled exporter is the trace path alone, with its serializer fixed', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const source: string = require('node:fs').readFileSync(VENDORED, 'utf8');
  expect({ estimator: source.includes('new ProtobufSizeEstimator('), metrics: source.includes('@opentelemetry/sdk-metrics') }).toEqual({ estimator: false, metrics: false });
});
