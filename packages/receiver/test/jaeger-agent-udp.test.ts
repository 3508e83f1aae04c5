import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { createSocket } from 'node:dgram';
import { dirname } from 'node:path';
import { TBinaryProtocol, TBufferedTransport, TCompactProtocol, Thrift, type TProtocol } from 'thrift';
import { FREE_PORTS, type ReceivedSpan, type Receiver, startReceiver } from '../src';

/** node-int64 as Apache Thrift's library requires it (it checks instanceof against its own copy). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Int64 = require(require.resolve('node-int64', { paths: [dirname(require.resolve('thrift'))] }));

const { Type } = Thrift;
type Write = (p: TProtocol) => void;
type Field = [id: number, type: number, write: Write];

const struct = (fields: Field[]): Write => (p) => {
  p.writeStructBegin('s');
  for (const [id, type, write] of fields) {
    p.writeFieldBegin('f', type, id);
    write(p);
    p.writeFieldEnd();
  }
  p.writeFieldStop();
  p.writeStructEnd();
};
const list = (type: number, items: Write[]): Write => (p) => {
  p.writeListBegin(type, items.length);
  items.forEach((write) => write(p));
  p.writeListEnd();
};
const str = (value: string): Write => (p) => p.writeString(value);
const i32 = (value: number): Write => (p) => p.writeI32(value);
const i64 = (hex: string): Write => (p) => p.writeI64(new Int64(Buffer.from(hex.padStart(16, '0'), 'hex')));
const micros = (value: number): Write => (p) => p.writeI64(new Int64(value));

/** jaeger.thrift's Tag, by its field ids: 1 key, 2 vType, then the value field of that type. */
const TAG_TYPE = { STRING: 0, DOUBLE: 1, BOOL: 2, LONG: 3, BINARY: 4 };
const tag = (key: string, vType: keyof typeof TAG_TYPE, value: unknown): Write => {
  const valueField: Record<keyof typeof TAG_TYPE, Field> = {
    STRING: [3, Type.STRING, str(value as string)],
    DOUBLE: [4, Type.DOUBLE, (p) => p.writeDouble(value)],
    BOOL: [5, Type.BOOL, (p) => p.writeBool(value)],
    LONG: [6, Type.I64, micros(value as number)],
    BINARY: [7, Type.STRING, (p) => p.writeBinary(value)],
  };
  return struct([[1, Type.STRING, str(key)], [2, Type.I32, i32(TAG_TYPE[vType])], valueField[vType]]);
};

const TRACE_HIGH = 'f0e1d2c3b4a59687'; // high bit set: a negative i64 on the wire
const TRACE_LOW = '0123456789abcdef';
const TRACE_ID = TRACE_HIGH + TRACE_LOW;
const ROOT = 'fedcba9876543210';
const CHILD = '00000000000000aa';
const OTHER_TRACE = { high: '1111111111111111', low: '2222222222222222', span: '3333333333333333' };
const START = 1_700_000_000_123_456;

/**
 * Agent.emitBatch with one Batch, written by Apache Thrift's own library:
 *   compact-svc ☕  GET /ünïcode   server, a tag of each type, a log
 *   └─ compact-svc ☕  child       client, error, FOLLOWS_FROM a span of another trace
 */
function emitBatch(p: TProtocol): void {
  const span = (spanId: string, parent: string, name: string, tags: Write[], more: Field[]): Write =>
    struct([
      [1, Type.I64, i64(TRACE_LOW)],
      [2, Type.I64, i64(TRACE_HIGH)],
      [3, Type.I64, i64(spanId)],
      [4, Type.I64, i64(parent)],
      [5, Type.STRING, str(name)],
      [7, Type.I32, i32(1)],
      [8, Type.I64, micros(START)],
      [9, Type.I64, micros(2500)],
      [10, Type.LIST, list(Type.STRUCT, tags)],
      ...more,
    ]);
  const root = span(ROOT, '0', 'GET /ünïcode', [
    tag('span.kind', 'STRING', 'server'),
    tag('app.ratio', 'DOUBLE', 0.25),
    tag('app.hit', 'BOOL', true),
    tag('app.miss', 'BOOL', false),
    tag('http.response.status_code', 'LONG', 200),
    tag('app.bytes', 'BINARY', Buffer.from([1, 2, 3])),
    tag('otel.scope.name', 'STRING', 'udp-test'),
  ], [[11, Type.LIST, list(Type.STRUCT, [struct([[1, Type.I64, micros(START + 1000)], [2, Type.LIST, list(Type.STRUCT, [tag('event', 'STRING', 'cache miss'), tag('attempt', 'LONG', -3)])]])])]]);
  const child = span(CHILD, ROOT, 'child', [tag('span.kind', 'STRING', 'client'), tag('error', 'BOOL', true)], [
    [6, Type.LIST, list(Type.STRUCT, [struct([[1, Type.I32, i32(1)], [2, Type.I64, i64(OTHER_TRACE.low)], [3, Type.I64, i64(OTHER_TRACE.high)], [4, Type.I64, i64(OTHER_TRACE.span)]])])],
  ]);
  const process = struct([[1, Type.STRING, str('compact-svc ☕')], [2, Type.LIST, list(Type.STRUCT, [tag('host.name', 'STRING', 'h1')])]]);
  p.writeMessageBegin('emitBatch', Thrift.MessageType.ONEWAY, 7);
  struct([[1, Type.STRUCT, struct([[1, Type.STRUCT, process], [2, Type.LIST, list(Type.STRUCT, [root, child])]])]])(p);
  p.writeMessageEnd();
}

function datagram(Protocol: typeof TCompactProtocol | typeof TBinaryProtocol): Buffer {
  let bytes: Buffer | undefined;
  const transport = new TBufferedTransport(undefined, (written) => (bytes = written));
  emitBatch(new Protocol(transport));
  transport.flush();
  return bytes!;
}

function send(port: number, bytes: Buffer): Promise<void> {
  const socket = createSocket('udp4');
  return new Promise<void>((resolve, reject) => socket.send(bytes, port, '127.0.0.1', (error) => (error ? reject(error) : resolve()))).finally(() => socket.close());
}

const EXPECTED_ROOT = {
  traceId: TRACE_ID,
  spanId: ROOT,
  name: 'GET /ünïcode',
  kind: SpanKind.SERVER,
  startTimeUnixNano: `${START}000`,
  endTimeUnixNano: `${START + 2500}000`,
  durationMs: 2.5,
  attributes: { 'app.ratio': 0.25, 'app.hit': true, 'app.miss': false, 'http.response.status_code': 200, 'app.bytes': 'AQID' },
  events: [{ name: 'cache miss', timeUnixNano: `${START + 1000}000`, attributes: { attempt: -3 } }],
  links: [],
  status: { code: SpanStatusCode.UNSET },
  resource: { 'service.name': 'compact-svc ☕', 'host.name': 'h1' },
  serviceName: 'compact-svc ☕',
  scope: { name: 'udp-test' },
};
const EXPECTED_CHILD = {
  ...EXPECTED_ROOT,
  spanId: CHILD,
  parentSpanId: ROOT,
  name: 'child',
  kind: SpanKind.CLIENT,
  attributes: {},
  events: [],
  links: [{ traceId: OTHER_TRACE.high + OTHER_TRACE.low, spanId: OTHER_TRACE.span, attributes: {} }],
  status: { code: SpanStatusCode.ERROR },
  scope: { name: '' },
};

describe("the Jaeger agent's UDP ports", () => {
  let receiver: Receiver;
  const logged: string[] = [];

  beforeAll(async () => {
    receiver = await startReceiver({ ...FREE_PORTS, log: (line) => logged.push(line) });
  });
  afterAll(() => receiver.close());
  beforeEach(() => {
    receiver.clear();
    logged.length = 0;
  });

  it.each([
    ['compact Thrift on the compact port', TCompactProtocol, 'jaegerCompactUdp', 'jaeger-thrift-udp-compact'],
    ['binary Thrift on the binary port', TBinaryProtocol, 'jaegerBinaryUdp', 'jaeger-thrift-udp-binary'],
  ] as const)('decode emitBatch in %s, every field', async (_name, Protocol, port, protocol) => {
    await send(receiver.ports[port], datagram(Protocol));
    const trace = await receiver.waitForTrace((t) => t.traceId === TRACE_ID && t.spans.length === 2);
    const byId = (id: string): ReceivedSpan | undefined => trace.spans.find((span) => span.spanId === id);
    expect(byId(ROOT)).toEqual({ ...EXPECTED_ROOT, protocol });
    expect(byId(CHILD)).toEqual({ ...EXPECTED_CHILD, protocol });
    expect(logged).toEqual([]);
  });

  it.each([
    ['garbage', 'compact', Buffer.from('hello'), /not a compact-protocol message/],
    ['a truncated message', 'compact', () => datagram(TCompactProtocol).subarray(0, 40), /truncated message/],
    ['binary Thrift', 'compact', () => datagram(TBinaryProtocol), /not a compact-protocol message/],
    ['compact Thrift', 'binary', () => datagram(TCompactProtocol), /.+/],
  ] as const)('log and drop %s on the %s port, and go on receiving', async (_what, kind, bytes, reason) => {
    const port = kind === 'compact' ? receiver.ports.jaegerCompactUdp : receiver.ports.jaegerBinaryUdp;
    await send(port, typeof bytes === 'function' ? bytes() : bytes);
    await send(port, datagram(kind === 'compact' ? TCompactProtocol : TBinaryProtocol));
    await receiver.waitForSpans((spans) => spans.length === 2);
    expect(logged).toEqual([expect.stringMatching(new RegExp(`^Jaeger agent UDP \\(jaeger-thrift-udp-${kind}\\) datagram of \\d+ bytes from 127\\.0\\.0\\.1:\\d+ dropped: ${reason.source}`))]);
  });
});
