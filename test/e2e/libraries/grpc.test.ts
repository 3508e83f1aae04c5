// @grpc/grpc-js behaves as without the kit: the same fixture (a server and its client in one
// process) runs bare and with `-r @kit/register`, and the client sees the same of every call:
// reply or messages, header metadata, status, error details, trailers (rate limits,
// grpc-status-details-bin) and the handlers' `this`. Then the spans, by ids.
import { SpanKind } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type Receiver, type ReceivedSpan } from '@kit/receiver';
import { one } from '../helpers/trace-tree';
import { kitTo, runToEnd, type Outcome } from './run-both';

type Call = Record<string, unknown>;

const DEADLINE_EXCEEDED = 4;

/**
 * What differs from run to run whoever runs it: the Date header, deadline timings in the details,
 * and the metadata of a DEADLINE_EXCEEDED: the client's deadline and the server's (from the
 * grpc-timeout header) pass at about the same time, and when the server's answer comes first the
 * client gets its headers (content-type, date), when its own timer does, none. A busy host
 * decides which, for a bare run as for a traced one.
 */
function stable(result: Record<string, unknown>): Record<string, Call> {
  const text = JSON.stringify(result)
    .replace(/"date":"[^"]*"/g, '"date":"<date>"')
    .replace(/Deadline exceeded after [^"]*/g, 'Deadline exceeded');
  const calls = JSON.parse(text) as Record<string, Call>;
  for (const call of Object.values(calls)) {
    const { error, status } = call as { error?: { code?: number; metadata?: unknown }; status?: { code?: number; trailers?: unknown } };
    if (status?.code !== DEADLINE_EXCEEDED) continue;
    if (error) error.metadata = '<whichever deadline passed first>';
    status.trailers = '<whichever deadline passed first>';
  }
  return calls;
}

let receiver: Receiver;
let bare: Record<string, Call>;
let kit: Record<string, Call>;
let traced: Outcome;
beforeAll(async () => {
  receiver = await startReceiver({ ...FREE_PORTS });
  const { preload, env } = kitTo(receiver);
  const [plain, withKit] = await Promise.all([runToEnd('grpc/app.cjs', []), runToEnd('grpc/app.cjs', preload, env)]);
  traced = withKit;
  bare = stable(plain.result);
  kit = stable(withKit.result);
}, 120_000);
afterAll(() => receiver?.close());

describe('@grpc/grpc-js with the kit, seen from the client', () => {
  it.each([
    ['unaryOk', 'unary success: reply, header metadata, trailer'],
    ['unaryError', 'unary error answered with callback(err, null, trailer): details and grpc-status-details-bin'],
    ['clientStreamOk', 'client-streaming success: trailer from callback(null, reply, trailer)'],
    ['clientStreamError', 'client-streaming error with its trailer'],
    ['serverStreamOk', 'server-streaming success: messages and the trailer of call.end(trailer)'],
    ['serverStreamError', 'server-streaming error with metadata'],
    ['bidiOk', 'bidi success'],
    ['bidiError', 'bidi error'],
    ['unaryDeadline', 'a deadline that passes: DEADLINE_EXCEEDED'],
    ['trickyGetChannel', 'a method named GetChannel (open-telemetry/opentelemetry-js#6372)'],
    ['trickyClose', 'a method named Close'],
    ['trickyWaitForReady', 'a method named WaitForReady'],
    ['trickyMakeUnaryRequest', 'a method named MakeUnaryRequest'],
    ['rawUnary', "a handler registered with server.register, called with grpc-js's handler as `this`"],
    ['stockCheck', "an app's own inventory.Stock/Check"],
    ['stockWatch', "an app's own inventory.Stock/Watch"],
    ['healthCheck', 'grpc.health.v1.Health/Check'],
    ['healthWatch', 'grpc.health.v1.Health/Watch'],
  ])('%s: %s, as bare', (name) => {
    expect(kit[name]).toEqual(bare[name]);
  });

  it('keeps trailers and the handler\'s `this` (the bare run shows what grpc-js gives)', () => {
    for (const name of ['unaryOk', 'clientStreamOk', 'serverStreamOk', 'bidiOk']) {
      expect(kit[name].status).toMatchObject({ code: 0, trailers: { 'x-rate-limit': '42', 'x-this': 'echo' } });
    }
    for (const name of ['unaryError', 'clientStreamError', 'serverStreamError', 'bidiError']) {
      expect(kit[name].status).toMatchObject({ code: 3, details: 'bad text', trailers: { 'x-rate-limit': '42', 'grpc-status-details-bin': expect.any(String) } });
    }
    expect(kit.unaryDeadline.status).toMatchObject({ code: 4 });
    expect(kit.rawUnary.reply).toBe('this.path=/kit.test.Raw/Unary');
  });
});

describe('@grpc/grpc-js spans with the kit', () => {
  const rpc = (service: string, method: string, kind: SpanKind) => (span: ReceivedSpan) =>
    span.attributes['rpc.service'] === service && span.attributes['rpc.method'] === method && span.kind === kind;
  let spans: ReceivedSpan[];
  beforeAll(async () => {
    // The app has exited: everything it made is in; wait for the last call's pair.
    spans = await receiver.waitForSpans((all) => all.some(rpc('inventory.Stock', 'Watch', SpanKind.SERVER)), { timeoutMs: 15_000 });
  });

  it.each([
    ['inventory.Stock', 'Check'],
    ['inventory.Stock', 'Watch'],
    ['kit.test.Tricky', 'GetChannel'],
    ['kit.test.Tricky', 'MakeUnaryRequest'],
  ])('traces %s/%s on both sides: the server span is the client span\'s child', (service, method) => {
    // fixture-libraries  grpc.<service>/<method>    CLIENT
    // fixture-libraries    grpc.<service>/<method>  SERVER
    const client = one(spans, `${service}/${method} client span`, rpc(service, method, SpanKind.CLIENT));
    const server = one(spans, `${service}/${method} server span`, rpc(service, method, SpanKind.SERVER));
    expect(server).toMatchObject({ traceId: client.traceId, parentSpanId: client.spanId });
  });

  it('makes a client span and its server child for every call, each call type, success and error', () => {
    // 16 such pairs: the fixture's 18 calls but the 2 health probes.
    // fixture-libraries  grpc.kit.test.Echo/Unary    CLIENT
    // fixture-libraries    grpc.kit.test.Echo/Unary  SERVER
    const clients = spans.filter((span) => span.kind === SpanKind.CLIENT);
    expect(clients).toHaveLength(16);
    for (const client of clients) {
      const children = spans.filter((span) => span.parentSpanId === client.spanId);
      expect(children).toMatchObject([{ kind: SpanKind.SERVER, traceId: client.traceId, name: client.name }]);
    }
  });

  it('reads the client\'s address from the channel, even for a service with GetChannel', () => {
    const client = one(spans, 'GetChannel client span', rpc('kit.test.Tricky', 'GetChannel', SpanKind.CLIENT));
    expect(client.attributes).toMatchObject({ 'server.address': '127.0.0.1', 'server.port': expect.any(Number) });
  });

  it('leaves out only grpc.health.v1.Health, on both sides', () => {
    expect(spans.filter((span) => span.attributes['rpc.service'] === 'grpc.health.v1.Health')).toEqual([]);
    expect(traced.output.split('\n').filter((line) => line.startsWith('[@kit/register]') && /warn|error/i.test(line))).toEqual([]);
  });
});

describe('KIT_INSTR_GRPC_IGNORE_GRPC_METHODS', () => {
  it("leaves out the listed method names, of any service, and still traces the others", async () => {
    const ignoring = await startReceiver({ ...FREE_PORTS });
    try {
      const { preload, env } = kitTo(ignoring);
      const run = await runToEnd('grpc/app.cjs', preload, { ...env, KIT_INSTR_GRPC_IGNORE_GRPC_METHODS: 'Check,Unary' });
      expect(stable(run.result)).toEqual(bare);
      const spans = await ignoring.waitForSpans((all) => all.some((span) => span.attributes['rpc.method'] === 'Watch' && span.kind === SpanKind.SERVER), { timeoutMs: 15_000 });
      const methods = new Set(spans.map((span) => `${span.attributes['rpc.service']}/${span.attributes['rpc.method']}`));
      expect(methods).toContain('inventory.Stock/Watch');
      expect(methods).toContain('kit.test.Echo/Bidi');
      expect(methods).not.toContain('inventory.Stock/Check');
      expect(methods).not.toContain('kit.test.Echo/Unary');
    } finally {
      await ignoring.close();
    }
  });
});
