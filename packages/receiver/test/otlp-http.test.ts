import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { FREE_PORTS, type Receiver, startReceiver } from '../src';
import { expectOtlpSpan } from './expect-span';
import { exportFixtureTrace } from './fixture-trace';

const cases = [
  { name: 'protobuf', protocol: 'otlp-http-protobuf', Exporter: ProtoExporter, compression: undefined },
  { name: 'protobuf, gzip', protocol: 'otlp-http-protobuf', Exporter: ProtoExporter, compression: 'gzip' },
  { name: 'JSON', protocol: 'otlp-http-json', Exporter: JsonExporter, compression: undefined },
  { name: 'JSON, gzip', protocol: 'otlp-http-json', Exporter: JsonExporter, compression: 'gzip' },
] as const;

describe('OTLP/HTTP', () => {
  let receiver: Receiver;
  const logged: string[] = [];

  beforeAll(async () => {
    receiver = await startReceiver({ ...FREE_PORTS, log: (line) => logged.push(line) });
  });
  afterAll(() => receiver.close());
  beforeEach(() => receiver.clear());

  it.each(cases)('keeps every field of spans exported as $name', async ({ protocol, Exporter, compression }) => {
    const exporter = new Exporter({
      url: `http://127.0.0.1:${receiver.ports.otlpHttp}/v1/traces`,
      ...(compression ? { compression: compression as never } : {}),
    });
    const sent = await exportFixtureTrace(exporter);
    const traceId = sent[0].spanContext().traceId;

    const trace = await receiver.waitForTrace((t) => t.traceId === traceId && t.spans.length === sent.length);
    for (const span of sent) {
      expectOtlpSpan(trace.spans.find((s) => s.spanId === span.spanContext().spanId), span);
    }
    expect(trace.spans.every((s) => s.protocol === protocol)).toBe(true);
    // The local root keeps its remote parent, which this process did not export.
    const localRoot = trace.spans.find((s) => s.name === 'GET /orders/:id');
    expect(localRoot?.parentSpanId).toMatch(/^[0-9a-f]{16}$/);
    expect(trace.spans.map((s) => s.spanId)).not.toContain(localRoot?.parentSpanId);
    expect(logged).toEqual([]);
  });
});
