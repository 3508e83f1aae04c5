// KIT_IGNORE_PATHS as a user meets it: Express answers /Health from the /health handler, so the
// kit must leave it untraced in any spelling, while /healthcare (another segment) is traced.
import { SpanKind } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type Receiver } from '@kit/receiver';
import * as path from 'node:path';
import { startService, type Service } from '../helpers/spawn';

const APP_DIR = path.join(__dirname, '..', 'fixtures', 'app');

let receiver: Receiver;
let app: Service;
beforeAll(async () => {
  receiver = await startReceiver({ ...FREE_PORTS });
  app = await startService({
    name: 'ignore-paths',
    cwd: APP_DIR,
    args: ['-r', '@kit/register', 'app.cjs'],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.ports.otlpHttp}`, OTEL_BSP_SCHEDULE_DELAY: '100' },
    ready: /listening on (\d+)/,
  });
});
afterAll(async () => {
  await app?.stop();
  await receiver?.close();
});

const get = (route: string) => fetch(`http://127.0.0.1:${app.ready[1]}${route}`).then((response) => response.status);

it('ignores the default /health in any case and below it, and traces /healthcare', async () => {
  expect(await get('/Health')).toBe(200);
  expect(await get('/HEALTH?verbose=1')).toBe(200);
  await get('/health/db');
  await get('/healthcare');
  // Spans are exported in the order they end: once /healthcare's is in, any /health one would be too.
  await receiver.waitForSpans((spans) => spans.some((span) => span.attributes['url.path'] === '/healthcare'), { timeoutMs: 10_000 });
  await new Promise((resolve) => setTimeout(resolve, 300));

  const servers = receiver.spans().filter((span) => span.kind === SpanKind.SERVER);
  expect(servers.map((span) => span.attributes['url.path'])).toEqual(['/healthcare']);
});
