// The spec's span limits as a user sets them: the SDK's TracerProvider no longer reads them, so
// the kit must hand them over, and they must reach the spans the instrumentations make.
import { SpanKind } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type ReceivedSpan, type Receiver } from '@kit/receiver';
import * as path from 'node:path';
import { startService } from '../helpers/spawn';

const APP_DIR = path.join(__dirname, '..', 'fixtures', 'app');

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver({ ...FREE_PORTS });
});
afterAll(() => receiver?.close());

/** The spans of one GET /hello under `env`: two server spans, their express handlers, a manual span and an outgoing call. */
async function helloSpans(env: Record<string, string>): Promise<ReceivedSpan[]> {
  receiver.clear();
  const app = await startService({
    name: 'span-limits',
    cwd: APP_DIR,
    args: ['-r', '@kit/register', 'app.cjs'],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.ports.otlpHttp}`, OTEL_BSP_SCHEDULE_DELAY: '100', ...env },
    ready: /listening on (\d+)/,
  });
  try {
    const response = await fetch(`http://127.0.0.1:${app.ready[1]}/hello`);
    expect(response.status).toBe(200);
  } finally {
    await app.stop(); // flushes on SIGTERM: every span of the request has arrived once it exits
  }
  return receiver.spans();
}

it('cuts attribute values to OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', async () => {
  const spans = await helloSpans({ OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: '12' });
  expect(spans).toHaveLength(6);
  const values = spans.flatMap((span) => Object.values(span.attributes)).filter((value): value is string => typeof value === 'string');
  expect(values.filter((value) => value.length > 12)).toEqual([]);
  const client = spans.find((span) => span.kind === SpanKind.CLIENT);
  expect(client?.attributes['url.full']).toBe('http://127.0');
  expect(spans.find((span) => span.name === 'work')?.attributes['fixture.kind']).toBe('cjs');
});

it('keeps OTEL_ATTRIBUTE_COUNT_LIMIT attributes per span', async () => {
  const spans = await helloSpans({ OTEL_ATTRIBUTE_COUNT_LIMIT: '2' });
  expect(spans).toHaveLength(6);
  expect(spans.map((span) => Object.keys(span.attributes).length).filter((count) => count > 2)).toEqual([]);
  const servers = spans.filter((span) => span.kind === SpanKind.SERVER);
  expect(servers.map((span) => Object.keys(span.attributes).length)).toEqual([2, 2]);
});
