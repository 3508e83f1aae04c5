// OTEL_TRACES_EXPORTER=jaeger without OTEL_EXPORTER_JAEGER_ENDPOINT: the exporter's UDP sender
// writes binary Thrift to the Jaeger agent's port (localhost:6832 by default), where kit-receiver
// listens as Jaeger's all-in-one did. Here the port is the receiver's free one, given by
// OTEL_EXPORTER_JAEGER_AGENT_PORT; the host is left to its default, localhost.
import { SpanKind } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type Receiver } from '@kit/receiver';
import * as path from 'node:path';
import { startService, type Service } from './helpers/spawn';

const APP_DIR = path.join(__dirname, 'fixtures', 'app');

let receiver: Receiver;
let app: Service;
beforeAll(async () => {
  receiver = await startReceiver({ ...FREE_PORTS });
  app = await startService({
    name: 'app.cjs',
    cwd: APP_DIR,
    args: ['-r', '@kit/register', 'app.cjs'],
    env: { OTEL_BSP_SCHEDULE_DELAY: '100', OTEL_SERVICE_NAME: 'udp-app', OTEL_TRACES_EXPORTER: 'jaeger', OTEL_EXPORTER_JAEGER_AGENT_PORT: String(receiver.ports.jaegerBinaryUdp) },
    ready: /listening on (\d+)/,
  });
});
afterAll(async () => {
  await app?.stop();
  await receiver?.close();
});

test('a request traced with the jaeger exporter and no endpoint reaches the receiver over UDP', async () => {
  const response = await fetch(`http://127.0.0.1:${app.ready[1]}/hello`);
  expect(response.status).toBe(200);
  const trace = await receiver.waitForTrace((t) => t.spans.some((span) => span.kind === SpanKind.SERVER && span.name === 'GET /hello'), { timeoutMs: 10_000 });
  const root = trace.spans.find((span) => span.name === 'GET /hello')!;
  expect(root.parentSpanId).toBeUndefined();
  for (const span of trace.spans) {
    expect(span).toMatchObject({ protocol: 'jaeger-thrift-udp-binary', serviceName: 'udp-app', traceId: root.traceId });
  }
});
