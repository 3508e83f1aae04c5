// Log correlation: an app that logs with pino and winston, run with `node -r` and with
// `node --import`, gets trace_id, span_id and trace_flags in every record written inside a span:
// those of the span that was active, as the receiver got it. No log records are exported.
import { SpanKind } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type Receiver } from '@kit/receiver';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { startService, type Service } from './helpers/spawn';
import { one } from './helpers/trace-tree';

const APP_DIR = path.join(__dirname, 'fixtures', 'logs-app');

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver({ ...FREE_PORTS });
});
afterAll(() => receiver?.close());

/** The app's JSON log lines, each with the logger that wrote it. */
const records = (app: Service) =>
  app
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe.each(['-r', '--import'])('pino and winston under node %s @kit/register', (flag) => {
  let app: Service;
  beforeAll(async () => {
    app = await startService({
      name: 'logs-app',
      cwd: APP_DIR,
      args: [flag, '@kit/register', 'app.cjs'],
      // OTEL_LOG_LEVEL=warn: an instrumentation set to send log records would say it has nowhere to.
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.ports.otlpHttp}`, OTEL_BSP_SCHEDULE_DELAY: '100', OTEL_LOG_LEVEL: 'warn' },
      ready: /listening on (\d+)/,
    });
  });
  afterAll(() => app?.stop());

  it('puts the request\'s server span ids into the records written while handling it', async () => {
    const route = `/order/${randomBytes(4).toString('hex')}`;
    expect((await fetch(`http://127.0.0.1:${app.ready[1]}${route}`)).status).toBe(200);
    const { spans } = await receiver.waitForTrace((trace) => trace.spans.some((span) => span.kind === SpanKind.SERVER && span.attributes['url.path'] === route), { timeoutMs: 10_000 });
    const server = one(spans, 'server span', (span) => span.kind === SpanKind.SERVER);

    const inside = records(app).filter((record) => record.url === route);
    expect(inside.map((record) => record.logger).sort()).toEqual(['pino', 'winston']);
    for (const record of inside) {
      expect(record).toMatchObject({ trace_id: server.traceId, span_id: server.spanId, trace_flags: '01' });
    }
    // Those written at start, outside any span, are left as they were.
    const outside = records(app).filter((record) => record.url === null);
    expect(outside.map((record) => record.logger).sort()).toEqual(['pino', 'winston']);
    for (const record of outside) expect(record).not.toHaveProperty('trace_id');
  });

  it('is set to correlate only, not to send log records', () => {
    expect(app.output()).toMatch(/instrumentations [^|]*\bpino,winston\b/);
    expect(app.output()).not.toMatch(/warning|winston-transport|log records/);
  });
});
