import { Client, credentials, Metadata, status } from '@grpc/grpc-js';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { gzipSync } from 'node:zlib';
import { FREE_PORTS, type Receiver, startReceiver } from '../src';
import { exportFixtureTrace } from './fixture-trace';

const FIFTY_MB = Buffer.alloc(50 * 1024 * 1024, 7);
const GARBAGE = Buffer.from('this is not a protobuf message \x00\xff\xfe');

let validRequest: Buffer;
let receiver: Receiver;
const logged: string[] = [];

beforeAll(async () => {
  const memory = new InMemorySpanExporter();
  validRequest = Buffer.from(ProtobufTraceSerializer.serializeRequest(await exportFixtureTrace(memory))!);
  receiver = await startReceiver({ ...FREE_PORTS, log: (line) => logged.push(line) });
});
afterAll(() => receiver.close());

/** After any refusal the receiver must still take a whole valid export from the official exporter. */
async function expectStillServing(): Promise<void> {
  const exporter = new OTLPTraceExporter({ url: `http://127.0.0.1:${receiver.ports.otlpHttp}/v1/traces` });
  const sent = await exportFixtureTrace(exporter);
  const traceId = sent[0].spanContext().traceId;
  const trace = await receiver.waitForTrace((t) => t.traceId === traceId && t.spans.length === sent.length, { timeoutMs: 5000 });
  expect(trace.spans.map((s) => s.spanId).sort()).toEqual(sent.map((s) => s.spanContext().spanId).sort());
}

const httpCases: Array<{ name: string; port: 'otlpHttp' | 'jaegerHttp'; method?: string; path: string; headers: Record<string, string>; body?: () => Buffer; status: number; reason: RegExp }> = [
  { name: 'garbage protobuf', port: 'otlpHttp', path: '/v1/traces', headers: { 'content-type': 'application/x-protobuf' }, body: () => GARBAGE, status: 400, reason: /cannot decode/ },
  { name: 'truncated protobuf', port: 'otlpHttp', path: '/v1/traces', headers: { 'content-type': 'application/x-protobuf' }, body: () => validRequest.subarray(0, validRequest.length - 9), status: 400, reason: /cannot decode/ },
  { name: 'invalid JSON', port: 'otlpHttp', path: '/v1/traces', headers: { 'content-type': 'application/json' }, body: () => Buffer.from('{"resourceSpans": ['), status: 400, reason: /cannot decode/ },
  { name: 'JSON of the wrong shape', port: 'otlpHttp', path: '/v1/traces', headers: { 'content-type': 'application/json' }, body: () => Buffer.from('{"resourceSpans": 5}'), status: 400, reason: /must be a list/ },
  { name: 'JSON with a bad span id', port: 'otlpHttp', path: '/v1/traces', headers: { 'content-type': 'application/json' }, body: () => Buffer.from(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'ab', spanId: 'zz' }] }] }] })), status: 400, reason: /id/ },
  { name: 'a wrong content type', port: 'otlpHttp', path: '/v1/traces', headers: { 'content-type': 'text/plain' }, body: () => validRequest, status: 415, reason: /Content-Type/ },
  { name: 'a gzip header on a plain body', port: 'otlpHttp', path: '/v1/traces', headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }, body: () => validRequest, status: 400, reason: /decompress/ },
  { name: 'an unknown content encoding', port: 'otlpHttp', path: '/v1/traces', headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'br' }, body: () => validRequest, status: 415, reason: /Content-Encoding/ },
  { name: 'a 50 MB body', port: 'otlpHttp', path: '/v1/traces', headers: { 'content-type': 'application/x-protobuf' }, body: () => FIFTY_MB, status: 413, reason: /larger than/ },
  { name: 'a gzip bomb (50 MB inflated)', port: 'otlpHttp', path: '/v1/traces', headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }, body: () => gzipSync(FIFTY_MB), status: 413, reason: /inflates/ },
  { name: 'GET on the export path', port: 'otlpHttp', method: 'GET', path: '/v1/traces', headers: {}, status: 405, reason: /use POST/ },
  { name: 'garbage Thrift', port: 'jaegerHttp', path: '/api/traces', headers: { 'content-type': 'application/x-thrift' }, body: () => GARBAGE, status: 400, reason: /Thrift/ },
  { name: 'protobuf sent to the Jaeger endpoint', port: 'jaegerHttp', path: '/api/traces', headers: { 'content-type': 'application/x-protobuf' }, body: () => validRequest, status: 415, reason: /Content-Type/ },
  { name: 'a 50 MB Thrift body', port: 'jaegerHttp', path: '/api/traces', headers: { 'content-type': 'application/x-thrift' }, body: () => FIFTY_MB, status: 413, reason: /larger than/ },
];

describe('malformed or oversized payloads', () => {
  it.each(httpCases)('answers $name with $status and one log line, and keeps serving', async ({ port, method, path, headers, body, status: expected, reason }) => {
    const before = logged.length;
    const response = await fetch(`http://127.0.0.1:${receiver.ports[port]}${path}`, { method: method ?? 'POST', headers, body: body?.() });
    expect(response.status).toBe(expected);
    expect(await response.text()).toMatch(reason);
    expect(logged.slice(before)).toEqual([expect.stringMatching(reason)]);
    await expectStillServing();
  });

  describe('over gRPC', () => {
    let client: Client;
    beforeAll(() => {
      client = new Client(`127.0.0.1:${receiver.ports.otlpGrpc}`, credentials.createInsecure());
    });
    afterAll(() => client.close());

    const exportRaw = (bytes: Buffer): Promise<{ code: number; details: string }> =>
      new Promise((resolve) => {
        client.makeUnaryRequest(
          '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
          (b: Buffer) => b,
          (b: Buffer) => b,
          bytes,
          new Metadata(),
          (error) => resolve({ code: error?.code ?? status.OK, details: error?.details ?? '' }),
        );
      });

    it.each([
      { name: 'garbage', bytes: () => GARBAGE, code: status.INVALID_ARGUMENT },
      { name: 'truncated protobuf', bytes: () => validRequest.subarray(0, validRequest.length - 9), code: status.INVALID_ARGUMENT },
      { name: 'a 50 MB message', bytes: () => FIFTY_MB, code: status.RESOURCE_EXHAUSTED },
    ])('answers $name with code $code and keeps serving', async ({ bytes, code }) => {
      expect((await exportRaw(bytes())).code).toBe(code);
      expect((await exportRaw(validRequest)).code).toBe(status.OK);
      await expectStillServing();
    });
  });
});
