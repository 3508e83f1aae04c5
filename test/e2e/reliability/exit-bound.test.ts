// Exit is bounded: an app whose work is done, with thousands of spans queued and a collector that
// refuses, never answers or sheds load (503 + Retry-After), exits within the export timeout plus a
// margin, however it ends (nothing left to do, SIGTERM, SIGINT, an uncaught exception), with the
// exit it would have had without the kit. Every exporter: OTLP http/protobuf, http/json, grpc, Jaeger.
import type { Receiver } from '@kit/receiver';
import { freePort, startReceiverOn, startRetryAfterCollector, startSilentCollector } from './helpers/collectors';
import { runExitApp, type Ending } from './helpers/exit-app';

const EXPORT_TIMEOUT_MS = 2_000;
/** Start-up of the flush and process teardown on a loaded 2-core machine. */
const EXIT_MARGIN_MS = 2_000;
/** More than the queue holds (2048 by default): the exporter is busy before the app even ends. */
const SPANS = 3_000;

interface Collector {
  port: number;
  close(): Promise<void>;
}
type Fault = 'refusing' | 'never answering' | '503 with Retry-After';
const collectors: Record<Fault, () => Promise<Collector>> = {
  refusing: async () => ({ port: await freePort(), close: async () => undefined }),
  'never answering': () => startSilentCollector(),
  '503 with Retry-After': () => startRetryAfterCollector(1),
};

type Exporter = 'http/protobuf' | 'http/json' | 'grpc' | 'jaeger';
function exporterEnv(exporter: Exporter, port: number): Record<string, string> {
  if (exporter === 'jaeger') return { OTEL_TRACES_EXPORTER: 'jaeger', OTEL_EXPORTER_JAEGER_ENDPOINT: `http://127.0.0.1:${port}/api/traces` };
  return { OTEL_EXPORTER_OTLP_PROTOCOL: exporter, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` };
}

describe('healthy receiver: exports that hold no process still all arrive', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiverOn();
  });
  afterAll(() => receiver?.close());
  beforeEach(() => receiver.clear());

  const portFor = (exporter: Exporter) =>
    exporter === 'grpc' ? receiver.ports.otlpGrpc : exporter === 'jaeger' ? receiver.ports.jaegerHttp : receiver.ports.otlpHttp;

  it.each(['http/protobuf', 'http/json', 'grpc', 'jaeger'] as const)('%s: a natural exit delivers every queued span, then exits', async (exporter) => {
    const queued = 2_000; // what the default queue (2048) holds
    // A generous timeout: on a loaded machine encoding 2,000 spans can take longer than the bound above,
    // and the bound, not the delivery, would then decide.
    const timeoutMs = 15_000;
    const run = await runExitApp(
      { ...exporterEnv(exporter, portFor(exporter)), OTEL_SERVICE_NAME: 'exit-healthy', SPANS: String(queued), OTEL_EXPORTER_OTLP_TIMEOUT: String(timeoutMs) },
      'natural',
    );
    expect(run.exit).toEqual(expectedExit.natural);
    expect(run.ms).toBeLessThan(timeoutMs);
    const spans = receiver.spans().filter((span) => span.serviceName === 'exit-healthy');
    expect(new Set(spans.map((span) => span.spanId)).size).toBe(queued);
  });
});

const expectedExit: Record<Ending, { code: number | null; signal: string | null }> = {
  natural: { code: 3, signal: null },
  SIGTERM: { code: null, signal: 'SIGTERM' },
  SIGINT: { code: null, signal: 'SIGINT' },
  crash: { code: 1, signal: null },
};

async function expectBoundedExit(exporter: Exporter, fault: Fault, ending: Ending): Promise<void> {
  const collector = await collectors[fault]();
  try {
    const run = await runExitApp(
      { ...exporterEnv(exporter, collector.port), OTEL_SERVICE_NAME: 'exit-bound', SPANS: String(SPANS), OTEL_EXPORTER_OTLP_TIMEOUT: String(EXPORT_TIMEOUT_MS) },
      ending,
    );
    expect(run.exit).toEqual(expectedExit[ending]);
    expect(run.ms).toBeLessThan(EXPORT_TIMEOUT_MS + EXIT_MARGIN_MS);
    if (ending === 'crash') expect(run.stderr).toContain('Error: exit-fixture crashed on purpose');
  } finally {
    await collector.close();
  }
}

describe.each(['refusing', 'never answering', '503 with Retry-After'] as const)('OTLP http/protobuf, collector %s', (fault) => {
  it.each(['natural', 'SIGTERM', 'SIGINT', 'crash'] as const)('%s ending exits within the export timeout plus a margin', (ending) =>
    expectBoundedExit('http/protobuf', fault, ending),
  );
});

describe.each([
  ['http/json', 'refusing'],
  ['http/json', 'never answering'],
  ['http/json', '503 with Retry-After'],
  ['grpc', 'refusing'],
  ['grpc', 'never answering'],
  ['jaeger', 'refusing'],
  ['jaeger', 'never answering'],
  ['jaeger', '503 with Retry-After'],
] as const)('%s exporter, collector %s', (exporter, fault) => {
  it('natural ending exits within the export timeout plus a margin', () => expectBoundedExit(exporter, fault, 'natural'));
});

describe.each(['http/json', 'grpc', 'jaeger'] as const)('%s exporter, collector never answering', (exporter) => {
  it.each(['SIGTERM', 'crash'] as const)('%s ending exits within the export timeout plus a margin', (ending) => expectBoundedExit(exporter, 'never answering', ending));
});
