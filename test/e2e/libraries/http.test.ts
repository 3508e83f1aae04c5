// node:http behaves as without the kit: the same fixture (server and client in one process) runs
// bare and with the kit and sees the same keep-alive reuse, chunked bodies, headers as sent
// (raw headers: order, case, repeated names, both ways), and a request aborted mid-body. The trace
// headers the kit adds are all that differs on the wire; the spans are checked by ids.
import { SpanKind } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type Receiver, type ReceivedSpan } from '@kit/receiver';
import { one } from '../helpers/trace-tree';
import { kitTo, runToEnd } from './run-both';

let receiver: Receiver;
let bare: Record<string, unknown>;
let kit: Record<string, unknown>;
beforeAll(async () => {
  receiver = await startReceiver({ ...FREE_PORTS });
  const { preload, env } = kitTo(receiver);
  const runs = await Promise.all([runToEnd('http/app.cjs', []), runToEnd('http/app.cjs', preload, env)]);
  [bare, kit] = runs.map((run) => run.result);
}, 120_000);
afterAll(() => receiver?.close());

describe('node:http with the kit', () => {
  it.each([
    ['keepAlive', 'a keep-alive agent reuses its socket'],
    ['chunked', 'a chunked response arrives whole, its headers in order'],
    ['headersAsSent', 'raw request headers reach the server as sent; response headers as set'],
    ['aborted', 'a request aborted mid-body: aborted, ECONNRESET, close, incomplete'],
  ])('%s: %s, as bare', (name) => {
    expect(kit[name]).toEqual(bare[name]);
  });

  it('sends raw headers raw, with traceparent added (the server span is the client span\'s child)', async () => {
    // fixture-libraries  POST                 CLIENT  raw headers, traceparent added
    // fixture-libraries    POST               SERVER  /echo-headers
    const path = (span: ReceivedSpan) => span.attributes['url.path'] ?? span.attributes['http.target'] ?? span.attributes['url.full'];
    const isEcho = (span: ReceivedSpan) => String(path(span)).endsWith('/echo-headers');
    const { spans } = await receiver.waitForTrace((trace) => trace.spans.filter(isEcho).length === 2, { timeoutMs: 15_000 });
    const client = one(spans, 'client span', (span) => isEcho(span) && span.kind === SpanKind.CLIENT);
    const server = one(spans, 'server span', (span) => isEcho(span) && span.kind === SpanKind.SERVER);
    expect(server).toMatchObject({ traceId: client.traceId, parentSpanId: client.spanId });
  });
});
