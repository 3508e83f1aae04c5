// Express behaves as without the kit: the same fixture runs bare, with the kit recording, and with
// the kit not recording (always_off: the kit's own handle for unrecorded layers), and sees the
// same status, Content-Type and body for res.format (with .default, whose callback gets a `next`
// identical to the middleware's and to req.next), middleware order, error handlers (thrown,
// rejected, passed on to the next one), next('route'), a mounted router and the 404. On Express 5
// (the repository's) and on Express 4, installed apart (express-4.ts): the instrumentation patches
// each through different files, and the kit's layer switch sits on both.
import { SpanKind } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type Receiver, type ReceivedSpan } from '@kit/receiver';
import { rmSync } from 'node:fs';
import { one } from '../helpers/trace-tree';
import { EXPRESS_4, express4App } from './express-4';
import { FIXTURES, kitTo, runToEnd } from './run-both';

type Response = { status: number; type?: string; body: string };

const SCENARIOS: [string, string][] = [
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
];

interface Major {
  title: string;
  /** The fixture's folder, and the service name the kit gives it (its package.json's name). */
  setUp(): Promise<{ cwd: string; service: string; cleanUp?: () => void }>;
  /** Express 4 leaves a rejected handler's promise unhandled: the fixture skips that scenario. */
  scenarios: [string, string][];
  /** The express layers of GET /order, by start. */
  layers: string[];
  /** `-r` and the kit, resolved from wherever the fixture runs. */
  kit: string;
}

const MAJORS: Major[] = [
  {
    title: 'Express 5',
    setUp: async () => ({ cwd: FIXTURES, service: 'fixture-libraries' }),
    scenarios: SCENARIOS,
    layers: ['middleware - <anonymous>', 'middleware - <anonymous>', 'request handler'],
    kit: '@kit/register',
  },
  {
    title: `Express ${EXPRESS_4}`,
    setUp: async () => {
      const cwd = await express4App();
      return { cwd, service: 'express-4-app', cleanUp: () => rmSync(cwd, { recursive: true, force: true }) };
    },
    scenarios: SCENARIOS.filter(([name]) => name !== 'rejected'),
    // Express 4 runs its own query and init middleware first; the instrumentation names its handler span by the route.
    layers: ['middleware - query', 'middleware - expressInit', 'middleware - <anonymous>', 'middleware - <anonymous>', 'request handler - /order'],
    kit: require.resolve('@kit/register'),
  },
];

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver({ ...FREE_PORTS });
});
afterAll(() => receiver?.close());

describe.each(MAJORS)('$title with the kit', (major) => {
  let service: string;
  let cleanUp: (() => void) | undefined;
  let bare: Record<string, Response>;
  let recorded: Record<string, Response>;
  let unrecorded: Record<string, Response>;
  beforeAll(async () => {
    const setUp = await major.setUp();
    ({ service, cleanUp } = setUp);
    const { env } = kitTo(receiver);
    const preload = ['-r', major.kit];
    const runs = await Promise.all([
      runToEnd('express/app.cjs', [], {}, setUp.cwd),
      runToEnd('express/app.cjs', preload, env, setUp.cwd),
      runToEnd('express/app.cjs', preload, { ...env, OTEL_TRACES_SAMPLER: 'always_off' }, setUp.cwd),
    ]);
    [bare, recorded, unrecorded] = runs.map((run) => run.result as Record<string, Response>);
  }, 120_000);
  afterAll(() => cleanUp?.());

  it('ran every scenario', () => {
    expect(Object.keys(bare).sort()).toEqual([...major.scenarios.map(([name]) => name), 'relay'].sort());
  });

  it('propagates the request\'s trace from a handler reached through an asynchronous next(), recorded or not', () => {
    const relay = (run: Record<string, Response>) => JSON.parse(run.relay.body) as { received: string; propagated: string };
    expect(relay(bare)).toEqual({ received: 'none', propagated: 'none' });
    // traceparent: version, trace id, parent span id, flags.
    for (const [run, flags] of [[recorded, '01'], [unrecorded, '00']] as const) {
      const received = relay(run).received.split('-');
      const propagated = relay(run).propagated.split('-');
      expect(received).toEqual(['00', expect.stringMatching(/^[0-9a-f]{32}$/), expect.stringMatching(/^[0-9a-f]{16}$/), flags]);
      expect({ traceId: propagated[1], flags: propagated[3] }).toEqual({ traceId: received[1], flags });
      expect(propagated[2]).not.toBe(received[2]);
    }
  });

  it.each(major.scenarios)('%s: %s, as bare, recorded or not', (name) => {
    expect(recorded[name]).toEqual(bare[name]);
    expect(unrecorded[name]).toEqual(bare[name]);
  });

  it("gives .default the same req, res and next (Express's own res.format test)", () => {
    expect(JSON.parse(recorded.formatDefault.body)).toEqual({ sameReq: true, sameRes: true, sameNext: true, nextIsReqNext: true });
    expect(JSON.parse(unrecorded.formatDefault.body)).toEqual({ sameReq: true, sameRes: true, sameNext: true, nextIsReqNext: true });
  });

  it('traces the middleware and handler of a request under its server span, in order', async () => {
    // fixture-libraries  GET                          CLIENT  (the fixture requests itself)
    // fixture-libraries    GET /order                 SERVER
    // fixture-libraries      middleware - <anonymous>
    // fixture-libraries      middleware - <anonymous>
    // fixture-libraries      request handler          http.route /order
    const isOrderRequest = (span: ReceivedSpan) => span.serviceName === service && span.kind === SpanKind.SERVER && span.attributes['http.route'] === '/order';
    const isHandler = (span: ReceivedSpan) => span.name.startsWith('request handler') && span.attributes['http.route'] === '/order';
    const { spans } = await receiver.waitForTrace((trace) => trace.spans.some(isOrderRequest) && trace.spans.some(isHandler), { timeoutMs: 15_000 });
    const server = one(spans, 'server span', isOrderRequest);
    const layers = spans.filter((span) => span.scope.name === '@opentelemetry/instrumentation-express');
    for (const layer of layers) expect(layer).toMatchObject({ traceId: server.traceId, parentSpanId: server.spanId });
    const byStart = [...layers].sort((a, b) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)));
    expect(byStart.map((span) => span.name)).toEqual(major.layers);
  });
});
