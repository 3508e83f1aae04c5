// W3C Trace Context tracestate, in and out: a service gets traceparent + tracestate over HTTP or
// gRPC and calls two downstream services (HTTP, gRPC) that record what they receive. A valid list
// goes on whole; an invalid member or a 33rd member discards the whole list, while traceparent
// continues. The same with every exporter, `none` included: propagation does not depend on it.
import { FREE_PORTS, startReceiver, type Receiver } from '@kit/receiver';
import * as grpc from '@grpc/grpc-js';
import { once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startService, type Service } from '../helpers/spawn';
import { FIXTURES } from './run-both';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;
const members = (count: number) => Array.from({ length: count }, (_, i) => `k${i}=v${i}`);

/** [what, tracestate as sent (an array: several headers), what goes on (undefined: nothing)]. */
const CASES: Array<[string, string | string[], string | undefined]> = [
  ['valid list', 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7', 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7'],
  ['level 2 keys (foo@, foo@@bar), an empty member, white space around members', 'foo@=1 ,, foo@@bar=2', 'foo@=1,foo@@bar=2'],
  ['two headers, one list', ['congo=t61rcWkgMzE', 'rojo=00f067aa0ba902b7'], 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7'],
  ['32 members', members(32).join(','), members(32).join(',')],
  ['an invalid key among valid members', 'congo=t61rcWkgMzE,UPPER=1,rojo=00f067aa0ba902b7', undefined],
  ['a key starting with @', '@foo=1,rojo=1', undefined],
  ['a value with =', 'congo=t61rcWkgMzE,foo=bar=baz', undefined],
  ['an empty value', 'congo=t61rcWkgMzE,foo=', undefined],
  ['33 members', members(33).join(','), undefined],
];

interface Seen {
  traceparent?: string;
  tracestate?: string;
}

let receiver: Receiver;
let httpSeen: Seen[] = [];
let grpcSeen: Seen[] = [];
let downstreamHttp: http.Server;
let downstreamGrpc: grpc.Server;
let grpcPort: number;
const bytes = (buffer: Buffer) => buffer;

beforeAll(async () => {
  receiver = await startReceiver({ ...FREE_PORTS });
  downstreamHttp = http.createServer((req, res) => {
    httpSeen.push({ traceparent: req.headers.traceparent as string | undefined, tracestate: req.headers.tracestate as string | undefined });
    res.end('seen');
  });
  downstreamHttp.listen(0, '127.0.0.1');
  await once(downstreamHttp, 'listening');
  downstreamGrpc = new grpc.Server();
  const seen = { path: '/kit.test.Downstream/Seen', requestStream: false, responseStream: false, requestSerialize: bytes, requestDeserialize: bytes, responseSerialize: bytes, responseDeserialize: bytes };
  downstreamGrpc.addService({ Seen: seen }, {
    Seen: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      const [traceparent] = call.metadata.get('traceparent').map(String);
      const tracestate = call.metadata.get('tracestate').map(String);
      grpcSeen.push({ traceparent, tracestate: tracestate.length ? tracestate.join(',') : undefined });
      callback(null, Buffer.alloc(0));
    },
  });
  grpcPort = await new Promise((resolve, reject) =>
    downstreamGrpc.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
  );
});
afterAll(async () => {
  downstreamGrpc?.forceShutdown();
  downstreamHttp?.close();
  await receiver?.close();
});

const EXPORTERS: Array<[string, () => Record<string, string>]> = [
  ['otlp', () => ({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.ports.otlpHttp}` })],
  ['jaeger', () => ({ OTEL_TRACES_EXPORTER: 'jaeger', OTEL_EXPORTER_JAEGER_ENDPOINT: `http://127.0.0.1:${receiver.ports.jaegerHttp}/api/traces` })],
  ['console', () => ({ OTEL_TRACES_EXPORTER: 'console' })],
  ['none', () => ({ OTEL_TRACES_EXPORTER: 'none' })],
];

function sendHttp(port: string, tracestate: string | string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', headers: { traceparent: TRACEPARENT, tracestate } }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

function sendGrpc(client: grpc.Client, tracestate: string | string[]): Promise<grpc.status> {
  const metadata = new grpc.Metadata();
  metadata.set('traceparent', TRACEPARENT);
  for (const value of [tracestate].flat()) metadata.add('tracestate', value);
  return new Promise((resolve) =>
    client.makeUnaryRequest('/kit.test.Relay/Forward', bytes, bytes, Buffer.alloc(0), metadata, (err) => resolve(err ? err.code! : grpc.status.OK)),
  );
}

describe.each(EXPORTERS)('tracestate with OTEL_TRACES_EXPORTER=%s', (_name, exporterEnv) => {
  let app: Service;
  let client: grpc.Client;
  beforeAll(async () => {
    app = await startService({
      name: 'tracestate',
      cwd: FIXTURES,
      args: ['-r', '@kit/register', 'tracestate/app.cjs'],
      env: {
        ...exporterEnv(),
        OTEL_BSP_SCHEDULE_DELAY: '100',
        DOWNSTREAM_HTTP: `http://127.0.0.1:${(downstreamHttp.address() as AddressInfo).port}`,
        DOWNSTREAM_GRPC: `127.0.0.1:${grpcPort}`,
      },
      ready: /listening (\d+) (\d+)/,
    });
    client = new grpc.Client(`127.0.0.1:${app.ready[2]}`, grpc.credentials.createInsecure());
  });
  afterAll(async () => {
    client?.close();
    await app?.stop();
  });
  beforeEach(() => {
    httpSeen = [];
    grpcSeen = [];
  });

  it.each(CASES)('in over HTTP, %s: out over HTTP and gRPC as the spec says', async (_what, tracestate, expected) => {
    expect(await sendHttp(app.ready[1], tracestate)).toBe(200);
    for (const seen of [httpSeen, grpcSeen]) {
      expect(seen).toEqual([{ traceparent: expect.stringContaining(`-${TRACE_ID}-`), tracestate: expected }]);
    }
  });

  it.each(CASES)('in over gRPC, %s: out over HTTP and gRPC as the spec says', async (_what, tracestate, expected) => {
    expect(await sendGrpc(client, tracestate)).toBe(grpc.status.OK);
    for (const seen of [httpSeen, grpcSeen]) {
      expect(seen).toEqual([{ traceparent: expect.stringContaining(`-${TRACE_ID}-`), tracestate: expected }]);
    }
  });
});
