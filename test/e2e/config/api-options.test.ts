// startTracing() options as a user writes them, in a real process: each means what its variable
// means, is validated alike, and reaches the exporter (headers over gRPC too).
import { SpanKind } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type Receiver } from '@kit/receiver';
import * as grpc from '@grpc/grpc-js';
import * as path from 'node:path';
import { startService, type Service } from '../helpers/spawn';
import type { TracingOptions } from '@kit/register/api';

const APP_DIR = path.join(__dirname, 'fixtures', 'api-app');

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver({ ...FREE_PORTS });
});
afterAll(() => receiver?.close());
beforeEach(() => receiver.clear());

async function withApp(options: TracingOptions, run: (app: Service) => Promise<void>): Promise<void> {
  const app = await startService({
    name: 'api-app',
    cwd: APP_DIR,
    args: ['app.cjs'],
    env: { API_OPTIONS: JSON.stringify({ batch: { scheduledDelayMillis: 100 }, ...options }) },
    ready: /listening on (\d+)/,
  });
  try {
    await run(app);
  } finally {
    await app.stop();
  }
}

const hello = async (app: Service) => expect((await fetch(`http://127.0.0.1:${app.ready[1]}/hello`)).status).toBe(200);
const warnings = (app: Service) => app.output().split('\n').filter((line) => line.startsWith('[@kit/register] warning'));

it('otlp.endpoint is the base URL (/v1/traces appended); a bad ratio warns by its option name and uses 1', async () => {
  const options: TracingOptions = { otlp: { endpoint: `http://127.0.0.1:${receiver.ports.otlpHttp}` }, sampler: { name: 'traceidratio', ratio: 7 } };
  await withApp(options, async (app) => {
    await hello(app);
    await receiver.waitForSpans((spans) => spans.some((span) => span.kind === SpanKind.SERVER), { timeoutMs: 10_000 });
    expect(warnings(app)).toEqual(['[@kit/register] warning: startTracing option sampler.ratio="7" is not a ratio in [0, 1]; using 1']);
  });
});

it('instrumentations: { http: {} } runs http only: no express spans', async () => {
  await withApp({ otlp: { endpoint: `http://127.0.0.1:${receiver.ports.otlpHttp}` }, instrumentations: { http: {} } }, async (app) => {
    expect(app.output()).toMatch(/instrumentations http(\s|$)/);
    await hello(app);
    /*
     * SERVER GET            (http only: no express route, middleware or handler spans)
     */
    const [server] = await receiver.waitForSpans((spans) => spans.some((span) => span.kind === SpanKind.SERVER), { timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.spans()).toEqual([server]);
    expect(server.scope.name).toBe('@opentelemetry/instrumentation-http');
  });
});

/** A gRPC trace collector that answers every export and keeps the metadata it came with. */
async function startMetadataCollector(): Promise<{ port: number; metadata: grpc.Metadata[]; close(): void }> {
  const server = new grpc.Server();
  const metadata: grpc.Metadata[] = [];
  const raw = (buffer: Buffer) => buffer;
  const definition = {
    Export: { path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export', requestStream: false, responseStream: false, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw },
  };
  server.addService(definition as grpc.ServiceDefinition, {
    // An empty message is a valid ExportTraceServiceResponse.
    Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      metadata.push(call.metadata);
      callback(null, Buffer.alloc(0));
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { port, metadata, close: () => server.forceShutdown() };
}

it('otlp.headers given in code reach the gRPC exporter as metadata', async () => {
  const collector = await startMetadataCollector();
  try {
    await withApp({ otlp: { protocol: 'grpc', endpoint: `http://127.0.0.1:${collector.port}`, headers: { 'x-tenant': 'from-code' } } }, async (app) => {
      await hello(app);
      const deadline = Date.now() + 10_000;
      while (collector.metadata.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(collector.metadata.length).toBeGreaterThan(0);
      expect(collector.metadata[0].get('x-tenant')).toEqual(['from-code']);
    });
  } finally {
    collector.close();
  }
});
