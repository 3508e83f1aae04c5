import { trace } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type Receiver } from '@kit/receiver';
import { startTracing } from './api';

// The code-first API, in this process, exporting over real OTLP to the receiver.
describe('startTracing', () => {
  let receiver: Receiver;
  const saved = { ...process.env };

  beforeAll(async () => {
    receiver = await startReceiver({ ...FREE_PORTS });
  });
  afterAll(async () => {
    process.env = saved;
    await receiver.close();
  });

  it('takes options over the environment, and the environment for the rest', async () => {
    process.env.OTEL_SERVICE_NAME = 'from-env';
    process.env.OTEL_RESOURCE_ATTRIBUTES = 'team=payments';
    const tracing = startTracing({
      serviceName: 'code-first',
      otlp: { endpoint: `http://127.0.0.1:${receiver.ports.otlpHttp}` }, // /v1/traces appended, as for the variable
      instrumentations: {}, // nothing patched in the test runner itself
      quiet: true,
      handleShutdown: false,
    });
    const span = trace.getTracer('api-test').startSpan('manual');
    span.setAttribute('answer', 42);
    span.end();
    await tracing.shutdown();

    const [received] = await receiver.waitForSpans((spans) => spans.length > 0, { timeoutMs: 5000 });
    expect(received).toMatchObject({ name: 'manual', serviceName: 'code-first', attributes: { answer: 42 }, protocol: 'otlp-http-protobuf' });
    expect(received.resource.team).toBe('payments');
  });

  it('ignores a second start in the same process, with one warning', async () => {
    const written: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      // The first test's provider stays registered with the API even after its shutdown.
      const second = startTracing({ instrumentations: {}, quiet: true, handleShutdown: false });
      await second.shutdown();
    } finally {
      write.mockRestore();
    }
    expect(written).toEqual(['[@kit/register] warning: tracing is already started in this process; this second start is ignored\n']);
  });
});
