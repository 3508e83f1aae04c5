// Express behaves as without the kit: the same fixture runs bare, with the kit recording, and with
// the kit not recording (always_off: the kit's own handle for unrecorded layers), and sees the
// same status, Content-Type and body for res.format (with .default, whose callback gets a `next`
// identical to the middleware's and to req.next), middleware order, error handlers (thrown,
// rejected, passed on to the next one), next('route'), a mounted router and the 404.
import { SpanKind } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type Receiver, type ReceivedSpan } from '@kit/receiver';
import { one } from '../helpers/trace-tree';
import { kitTo, runToEnd } from './run-both';

type Response = { status: number; type?: string; body: string };

let receiver: Receiver;
let bare: Record<string, Response>;
let recorded: Record<string, Response>;
let unrecorded: Record<string, Response>;
beforeAll(async () => {
  receiver = await startReceiver({ ...FREE_PORTS });
  const { preload, env } = kitTo(receiver);
  const runs = await Promise.all([
    runToEnd('express/app.cjs', []),
    runToEnd('express/app.cjs', preload, env),
    runToEnd('express/app.cjs', preload, { ...env, OTEL_TRACES_SAMPLER: 'always_off' }),
  ]);
  [bare, recorded, unrecorded] = runs.map((run) => run.result as Record<string, Response>);
}, 120_000);
afterAll(() => receiver?.close());

describe('express with the kit', () => {
  it.each([
    ['formatDefault', "res.format's .default gets the middleware's next, which is req.next"],
    ['formatText', 'res.format picks the accepted type and sets Content-Type'],
    ['formatNotAcceptable', 'res.format with no match passes 406 on to the error handler'],
    ['order', 'middleware runs in order, across an asynchronous next()'],
    ['nextRoute', "next('route') goes on to the next route"],
    ['thrown', 'a thrown error reaches the error handler'],
    ['rejected', "a rejected promise reaches the error handler with the error's status"],
    ['secondErrorHandler', 'an error handler passes the error on to the next one'],
    ['router', 'a mounted router gets merged params, baseUrl and path'],
    ['notFound', 'an unknown path gets the default 404'],
  ])('%s: %s, as bare, recorded or not', (name) => {
    expect(recorded[name]).toEqual(bare[name]);
    expect(unrecorded[name]).toEqual(bare[name]);
  });

  it('gives .default the same req, res and next (Express\'s own res.format test)', () => {
    expect(JSON.parse(recorded.formatDefault.body)).toEqual({ sameReq: true, sameRes: true, sameNext: true, nextIsReqNext: true });
    expect(JSON.parse(unrecorded.formatDefault.body)).toEqual({ sameReq: true, sameRes: true, sameNext: true, nextIsReqNext: true });
  });

  it('traces the middleware and handler of a request under its server span, in order', async () => {
    // fixture-libraries  GET                          CLIENT  (the fixture requests itself)
    // fixture-libraries    GET /order                 SERVER
    // fixture-libraries      middleware - <anonymous>
    // fixture-libraries      middleware - <anonymous>
    // fixture-libraries      request handler          http.route /order
    const isOrderRequest = (span: ReceivedSpan) => span.kind === SpanKind.SERVER && span.attributes['http.route'] === '/order';
    const isHandler = (span: ReceivedSpan) => span.name === 'request handler' && span.attributes['http.route'] === '/order';
    const { spans } = await receiver.waitForTrace((trace) => trace.spans.some(isOrderRequest) && trace.spans.some(isHandler), { timeoutMs: 15_000 });
    const server = one(spans, 'server span', isOrderRequest);
    const layers = spans.filter((span) => span.scope.name === '@opentelemetry/instrumentation-express');
    for (const layer of layers) expect(layer).toMatchObject({ traceId: server.traceId, parentSpanId: server.spanId });
    const byStart = [...layers].sort((a, b) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)));
    expect(byStart.map((span) => span.name)).toEqual(['middleware - <anonymous>', 'middleware - <anonymous>', 'request handler']);
  });
});
