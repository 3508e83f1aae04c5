import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { FREE_PORTS, type Receiver, startReceiver } from '../src';
import { expectOtlpSpan } from './expect-span';
import { exportFixtureTrace } from './fixture-trace';

describe('OTLP/gRPC', () => {
  let receiver: Receiver;
  const logged: string[] = [];

  beforeAll(async () => {
    receiver = await startReceiver({ ...FREE_PORTS, log: (line) => logged.push(line) });
  });
  afterAll(() => receiver.close());

  it.each(['none', 'gzip'] as const)('keeps every field of spans exported with compression %s', async (compression) => {
    const exporter = new OTLPTraceExporter({ url: `http://127.0.0.1:${receiver.ports.otlpGrpc}`, compression: compression as never });
    const sent = await exportFixtureTrace(exporter);
    const traceId = sent[0].spanContext().traceId;

    const trace = await receiver.waitForTrace((t) => t.traceId === traceId && t.spans.length === sent.length);
    for (const span of sent) {
      expectOtlpSpan(trace.spans.find((s) => s.spanId === span.spanContext().spanId), span);
    }
    expect(trace.spans.every((s) => s.protocol === 'otlp-grpc')).toBe(true);
    expect(logged).toEqual([]);
  });
});
