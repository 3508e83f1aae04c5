// The samples end to end: the receiver in-process, the greeter and the frontend as real processes
// under `node -r @kit/register`, a real PostgreSQL. Each test calls the frontend over HTTP and
// checks the trace the receiver got, by ids.
import { randomBytes } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type Protocol, type ReceivedSpan, type Receiver, type Trace } from '@kit/receiver';
import { FRONTEND_SERVICE, GREETER_SERVICE, startSamples, type Samples } from './helpers/samples';
import type { Service } from './helpers/spawn';
import { attribute, formatTree, one, spansBetween } from './helpers/trace-tree';

/** The baggage entry the frontend sets and the services downstream copy onto their spans. */
const ORIGIN_KEY = 'greeting.origin';
const ORIGIN_VALUE = 'express-frontend';
const FOLLOW_UP_STEPS = ['follow-up: audit greeting', 'follow-up: update leaderboard', 'follow-up: notify subscribers'];
const WAIT = { timeoutMs: 15_000 };

interface ExporterFixture {
  name: string;
  /** The wire format the spans must arrive in. */
  protocol: Protocol;
  env(ports: Receiver['ports']): Record<string, string>;
}

const EXPORTERS: ExporterFixture[] = [
  {
    name: 'OTLP http/protobuf (the default)',
    protocol: 'otlp-http-protobuf',
    env: (ports) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${ports.otlpHttp}` }),
  },
  {
    name: 'Jaeger Thrift over HTTP',
    protocol: 'jaeger-thrift',
    env: (ports) => ({
      OTEL_TRACES_EXPORTER: 'jaeger',
      OTEL_EXPORTER_JAEGER_ENDPOINT: `http://127.0.0.1:${ports.jaegerHttp}/api/traces`,
    }),
  },
  {
    name: 'OTLP gRPC',
    protocol: 'otlp-grpc',
    env: (ports) => ({
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${ports.otlpGrpc}`,
    }),
  },
];

const UNDICI_SCOPE = '@opentelemetry/instrumentation-undici';
const HTTP_SCOPE = '@opentelemetry/instrumentation-http';
const isGrpc = (span: ReceivedSpan) => span.attributes['rpc.system'] === 'grpc';
const isPg = (span: ReceivedSpan) => attribute(span, 'db.system.name', 'db.system') === 'postgresql';
const isExpressLayer = (span: ReceivedSpan) => span.attributes['express.type'] !== undefined;
const isHttp = (span: ReceivedSpan) => attribute(span, 'http.request.method', 'http.method') !== undefined;
const httpPath = (span: ReceivedSpan) => String(attribute(span, 'url.path', 'http.target') ?? '');
const sqlOf = (span: ReceivedSpan) => String(attribute(span, 'db.query.text', 'db.statement') ?? '');
const isFrontendRoot = (span: ReceivedSpan) =>
  span.serviceName === FRONTEND_SERVICE && span.kind === SpanKind.SERVER && span.parentSpanId === undefined;
const isGreeterServer = (span: ReceivedSpan) =>
  span.serviceName === GREETER_SERVICE && span.kind === SpanKind.SERVER && isGrpc(span);

/** The frontend's pino records: the JSON lines of its output. */
const logRecords = (service: Service) =>
  service
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** A name no other request uses, so that its trace can be told apart. */
const uniqueName = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

async function getJson(url: string, headers?: Record<string, string>) {
  const res = await fetch(url, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Waits for a trace; on timeout, the error shows what did arrive and what the services printed. */
async function waitForTrace(receiver: Receiver, samples: Samples, predicate: (trace: Trace) => boolean) {
  try {
    return await receiver.waitForTrace(predicate, WAIT);
  } catch (err) {
    throw new Error(
      `${(err as Error).message}\nreceived:\n${formatTree(receiver.spans())}\n` +
        `--- frontend output:\n${samples.frontend.output()}\n--- greeter output:\n${samples.greeter.output()}`,
    );
  }
}

/** A request's trace is there once both services' outermost spans (which end last) are. */
const hasBothServers = (trace: Trace) => trace.spans.some(isFrontendRoot) && trace.spans.some(isGreeterServer);

describe.each(EXPORTERS)('samples traced over $name', (fixture) => {
  let receiver: Receiver;
  let samples: Samples;

  beforeAll(async () => {
    receiver = await startReceiver({ ...FREE_PORTS });
    samples = await startSamples(fixture.env(receiver.ports));
  });
  afterAll(async () => {
    await samples?.stop();
    await receiver?.close();
  });

  test('a greeting is one trace across both services, down to PostgreSQL, with its follow-up linked', async () => {
    expect((await fetch(`${samples.frontendUrl}/health`)).status).toBe(200);
    const name = uniqueName('ada');
    const { status, body } = await getJson(`${samples.frontendUrl}/hello/${name}`);
    expect(status).toBe(200);
    expect(body.message).toBe(`Hello, ${name}!`);

    const { traceId, spans } = await waitForTrace(
      receiver,
      samples,
      (trace) => hasBothServers(trace) && trace.spans.some((span) => span.attributes['greeting.name'] === name),
    );

    // express-frontend  GET /hello/:name                          SERVER   (root)
    // express-frontend    (express middleware / request handler)   INTERNAL
    // express-frontend      compose greeting                        INTERNAL  typed attributes, event, OK
    // express-frontend        grpc helloworld.Greeter/SayHello      CLIENT
    // grpc-greeter              grpc helloworld.Greeter/SayHello    SERVER    greeting.origin (baggage)
    // grpc-greeter                (pg-pool.connect ...)             CLIENT
    // grpc-greeter                  INSERT INTO greetings / SELECT  CLIENT
    // express-frontend        GET                                   CLIENT    fetch (undici): traceparent ->
    // express-frontend          GET /internal/quote                 SERVER
    // express-frontend            (express request handler)         INTERNAL  greeting.origin (baggage)
    // express-frontend        GET                                   CLIENT    node:http: traceparent ->
    // express-frontend          GET /internal/author                SERVER
    // and the pino line 'greeting sent' carries the trace id and the manual span's id.
    expect(body.traceId).toBe(traceId);
    expect(new Set(spans.map((span) => span.serviceName))).toEqual(new Set([FRONTEND_SERVICE, GREETER_SERVICE]));
    expect(new Set(spans.map((span) => span.protocol))).toEqual(new Set([fixture.protocol]));

    const httpServer = one(spans, 'frontend HTTP server span', isFrontendRoot);
    expect(httpPath(httpServer)).toBe(`/hello/${name}`);
    expect(httpServer.attributes['http.route']).toBe('/hello/:name');

    const manual = one(spans, 'manual span', (span) => span.name === 'compose greeting');
    expect(spansBetween(spans, httpServer, manual)?.every(isExpressLayer)).toBe(true);
    expect(manual).toMatchObject({
      serviceName: FRONTEND_SERVICE,
      kind: SpanKind.INTERNAL,
      status: { code: SpanStatusCode.OK },
      attributes: { 'greeting.name': name, 'greeting.fail_requested': false, 'greeting.name_length': name.length },
    });
    expect(manual.events).toEqual([
      expect.objectContaining({
        name: 'greeting received',
        attributes: { 'greeting.count': body.greetingCount, 'greeting.message_length': `Hello, ${name}!`.length },
      }),
    ]);

    const grpcClient = one(spans, 'gRPC client span', (span) => span.kind === SpanKind.CLIENT && isGrpc(span));
    expect(grpcClient).toMatchObject({ serviceName: FRONTEND_SERVICE, parentSpanId: manual.spanId });
    const grpcServer = one(spans, 'gRPC server span', isGreeterServer);
    expect(grpcServer).toMatchObject({
      parentSpanId: grpcClient.spanId,
      attributes: { 'rpc.method': 'SayHello', [ORIGIN_KEY]: ORIGIN_VALUE },
    });

    const pgSpans = spans.filter(isPg);
    expect(pgSpans.map(sqlOf)).toEqual(
      expect.arrayContaining([expect.stringContaining('INSERT INTO greetings'), expect.stringContaining('SELECT count(*)')]),
    );
    for (const pg of pgSpans) {
      expect(pg.serviceName).toBe(GREETER_SERVICE);
      expect(spansBetween(spans, grpcServer, pg)?.every(isPg)).toBe(true);
    }

    const fetchClient = one(spans, 'fetch client span', (span) => span.kind === SpanKind.CLIENT && span.scope.name === UNDICI_SCOPE);
    expect(fetchClient).toMatchObject({ serviceName: FRONTEND_SERVICE, parentSpanId: manual.spanId });
    const quoteServer = one(spans, 'quote HTTP server span', (span) => span.parentSpanId === fetchClient.spanId);
    expect(quoteServer.kind).toBe(SpanKind.SERVER);
    expect(httpPath(quoteServer)).toMatch(/^\/internal\/quote\b/);
    const httpClient = one(spans, 'node:http client span', (span) => span.kind === SpanKind.CLIENT && isHttp(span) && span.scope.name === HTTP_SCOPE);
    expect(httpClient).toMatchObject({ serviceName: FRONTEND_SERVICE, parentSpanId: manual.spanId });
    const authorServer = one(spans, 'author HTTP server span', (span) => span.parentSpanId === httpClient.spanId);
    expect(authorServer.kind).toBe(SpanKind.SERVER);
    expect(httpPath(authorServer)).toMatch(/^\/internal\/author\b/);
    expect(body.author).toEqual(expect.any(String));
    expect(logRecords(samples.frontend).filter((record) => record.greetingName === name)).toEqual([
      expect.objectContaining({ msg: 'greeting sent', trace_id: traceId, span_id: manual.spanId, trace_flags: '01' }),
    ]);
    const quoteTagged = spans.filter((span) => span.attributes[ORIGIN_KEY] === ORIGIN_VALUE && span !== grpcServer);
    expect(quoteTagged.map((span) => spansBetween(spans, quoteServer, span)?.every(isExpressLayer))).toEqual([true]);

    // After the response, in new traces, each step linked to the one before (FollowsFrom):
    //   compose greeting  <<<  audit greeting  <<<  update leaderboard  <<<  notify subscribers
    const steps: ReceivedSpan[] = [];
    await receiver.waitForSpans((all) => {
      steps.length = 0;
      let previous = manual;
      for (const step of FOLLOW_UP_STEPS) {
        const next = all.find((span) => span.name === step && span.links.some((link) => link.spanId === previous.spanId));
        if (!next) return false;
        steps.push(next);
        previous = next;
      }
      return true;
    }, WAIT);
    steps.forEach((step, i) => {
      const previous = i === 0 ? manual : steps[i - 1];
      expect(step.serviceName).toBe(FRONTEND_SERVICE);
      expect(step.parentSpanId).toBeUndefined();
      expect(step.traceId).not.toBe(previous.traceId);
      expect(step.links).toEqual([expect.objectContaining({ traceId: previous.traceId, spanId: previous.spanId })]);
    });

    // /health was answered before everything above, and made no span.
    expect(receiver.spans().filter((span) => /\/health/.test(`${span.name} ${httpPath(span)}`))).toEqual([]);
  });

  test('a failing greeting shows ERROR and the exception in both services', async () => {
    const name = uniqueName('fail');
    const { status, body } = await getJson(`${samples.frontendUrl}/hello/${name}?fail=1`);
    expect(status).toBe(502);
    expect(body.error).toMatch(/failure requested/);

    const { spans } = await waitForTrace(
      receiver,
      samples,
      (trace) => hasBothServers(trace) && trace.spans.some((span) => span.attributes['greeting.name'] === name),
    );

    // express-frontend  GET /hello/:name                      SERVER   ERROR (502)
    // express-frontend    (express request handler)            INTERNAL
    // express-frontend      compose greeting                    INTERNAL ERROR + exception event
    // express-frontend        grpc helloworld.Greeter/SayHello  CLIENT   ERROR, FAILED_PRECONDITION
    // grpc-greeter              grpc helloworld.Greeter/SayHello SERVER  ERROR + exception event
    //                           (no pg spans, no quote call)
    const httpServer = one(spans, 'frontend HTTP server span', isFrontendRoot);
    expect(httpServer.status.code).toBe(SpanStatusCode.ERROR);
    expect(attribute(httpServer, 'http.response.status_code', 'http.status_code')).toBe(502);

    const manual = one(spans, 'manual span', (span) => span.name === 'compose greeting');
    expect(spansBetween(spans, httpServer, manual)?.every(isExpressLayer)).toBe(true);
    expect(manual).toMatchObject({
      status: { code: SpanStatusCode.ERROR },
      attributes: { 'greeting.fail_requested': true },
    });
    expect(manual.events).toEqual([
      expect.objectContaining({
        name: 'exception',
        attributes: expect.objectContaining({ 'exception.message': expect.stringMatching(/refusing to greet/) }),
      }),
    ]);

    const grpcClient = one(spans, 'gRPC client span', (span) => span.kind === SpanKind.CLIENT && isGrpc(span));
    expect(grpcClient).toMatchObject({
      parentSpanId: manual.spanId,
      status: { code: SpanStatusCode.ERROR },
      attributes: { 'rpc.grpc.status_code': GrpcStatus.FAILED_PRECONDITION },
    });
    const grpcServer = one(spans, 'gRPC server span', isGreeterServer);
    expect(grpcServer).toMatchObject({ parentSpanId: grpcClient.spanId, status: { code: SpanStatusCode.ERROR } });
    expect(grpcServer.events).toEqual([
      expect.objectContaining({
        name: 'exception',
        attributes: expect.objectContaining({ 'exception.type': 'GreetingRefused' }),
      }),
    ]);
    expect(spans.filter((span) => isPg(span) || span.kind === SpanKind.CLIENT)).toEqual([grpcClient]);
    expect(logRecords(samples.frontend).filter((record) => record.greetingName === name)).toEqual([
      expect.objectContaining({ msg: 'greeting failed', trace_id: manual.traceId, span_id: manual.spanId }),
    ]);
  });

  test('a server-streaming call stores each greeting under the streaming server span', async () => {
    const name = uniqueName('grace');
    const { status, body } = await getJson(`${samples.frontendUrl}/hello/${name}/languages`);
    expect(status).toBe(200);
    expect(body.messages).toEqual([`Hello, ${name}!`, `Bonjour, ${name}!`, `Hola, ${name}!`]);

    const { spans } = await waitForTrace(
      receiver,
      samples,
      (trace) => hasBothServers(trace) && trace.spans.some((span) => httpPath(span) === `/hello/${name}/languages`),
    );

    // express-frontend  GET /hello/:name/languages                SERVER
    // express-frontend    grpc helloworld.Greeter/SayHelloStream  CLIENT   (under express layers)
    // grpc-greeter          grpc helloworld.Greeter/SayHelloStream SERVER
    // grpc-greeter            INSERT INTO greetings  x3 (and their selects)
    const grpcClient = one(spans, 'gRPC client span', (span) => span.kind === SpanKind.CLIENT && isGrpc(span));
    const grpcServer = one(spans, 'gRPC server span', isGreeterServer);
    expect(grpcServer).toMatchObject({ parentSpanId: grpcClient.spanId, attributes: { 'rpc.method': 'SayHelloStream' } });
    const inserts = spans.filter((span) => isPg(span) && sqlOf(span).includes('INSERT INTO greetings'));
    expect(inserts).toHaveLength(3);
    for (const insert of inserts) expect(spansBetween(spans, grpcServer, insert)?.every(isPg)).toBe(true);
  });
});

describe('samples with OTEL_PROPAGATORS=tracecontext,baggage,jaeger', () => {
  let receiver: Receiver;
  let samples: Samples;

  beforeAll(async () => {
    receiver = await startReceiver({ ...FREE_PORTS });
    samples = await startSamples({
      ...EXPORTERS[0].env(receiver.ports),
      OTEL_PROPAGATORS: 'tracecontext,baggage,jaeger',
    });
  });
  afterAll(async () => {
    await samples?.stop();
    await receiver?.close();
  });

  test('a request carrying only uber-trace-id (an old Jaeger client) continues that trace', async () => {
    const callerTraceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const name = uniqueName('jaeger');
    // {trace-id}:{span-id}:{parent-span-id, deprecated}:{flags, 1 = sampled}
    const { status, body } = await getJson(`${samples.frontendUrl}/hello/${name}`, {
      'uber-trace-id': `${callerTraceId}:${callerSpanId}:0:1`,
    });
    expect(status).toBe(200);
    expect(body.traceId).toBe(callerTraceId);

    const isContinuedServer = (span: ReceivedSpan) =>
      span.serviceName === FRONTEND_SERVICE && span.kind === SpanKind.SERVER && httpPath(span) === `/hello/${name}`;
    const { spans } = await waitForTrace(
      receiver,
      samples,
      (trace) => trace.traceId === callerTraceId && trace.spans.some(isContinuedServer) && trace.spans.some(isGreeterServer),
    );

    // (caller, not traced here)  span callerSpanId
    // express-frontend             GET /hello/:name   SERVER   parent = callerSpanId
    // ...                            ...
    // grpc-greeter                     grpc SayHello  SERVER   same trace
    const httpServer = one(spans, 'frontend HTTP server span', isContinuedServer);
    expect(httpServer.parentSpanId).toBe(callerSpanId);
    const grpcServer = one(spans, 'gRPC server span', isGreeterServer);
    expect(spansBetween(spans, httpServer, grpcServer)).toBeDefined();
  });
});

describe('samples with OTEL_TRACES_SAMPLER=parentbased_traceidratio', () => {
  const RATIO = 0.25;
  const REQUESTS = 400;
  const CONCURRENCY = 8;
  let receiver: Receiver;
  let samples: Samples;

  beforeAll(async () => {
    receiver = await startReceiver({ ...FREE_PORTS });
    samples = await startSamples({
      ...EXPORTERS[0].env(receiver.ports),
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: String(RATIO),
    });
  });
  afterAll(async () => {
    await samples?.stop();
    await receiver?.close();
  });

  test(`keeps about ${RATIO * 100}% of ${REQUESTS} traces, and never part of one`, async () => {
    const prefix = uniqueName('sampled');
    let next = 0;
    const worker = async () => {
      while (next < REQUESTS) {
        const res = await fetch(`${samples.frontendUrl}/hello/${prefix}-${next++}`);
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    // SIGTERM makes the kit flush what it holds; a clean exit (no SIGKILL) means the flush ended.
    const exits = await Promise.all([samples.frontend.stop(), samples.greeter.stop()]);
    expect(exits.map((exit) => exit.signal)).not.toContain('SIGKILL');

    const isRequestRoot = (span: ReceivedSpan) => isFrontendRoot(span) && httpPath(span).startsWith(`/hello/${prefix}-`);
    const kept = receiver.traces().filter((trace) => trace.spans.some(isRequestRoot));

    // Binomial(n = 400, p = 0.25): mean 100, standard deviation sqrt(n p (1 - p)) ~ 8.7. A band of
    // 4.5 standard deviations (61..139) fails by chance about once in 150,000 runs.
    const mean = REQUESTS * RATIO;
    const deviation = Math.sqrt(REQUESTS * RATIO * (1 - RATIO));
    expect(kept.length).toBeGreaterThanOrEqual(Math.ceil(mean - 4.5 * deviation));
    expect(kept.length).toBeLessThanOrEqual(Math.floor(mean + 4.5 * deviation));

    // The greeter and the quote endpoint follow the frontend's decision (parent-based): every kept
    // trace is whole, and no greeter span lives in a trace the frontend dropped.
    for (const trace of kept) {
      expect(trace.spans.filter(isRequestRoot)).toHaveLength(1);
      expect(trace.spans.filter(isGreeterServer)).toHaveLength(1);
      expect(trace.spans.filter((span) => span.kind === SpanKind.SERVER && httpPath(span).startsWith('/internal/quote'))).toHaveLength(1);
    }
    const greeterServers = receiver.spans().filter(isGreeterServer);
    expect(greeterServers).toHaveLength(kept.length);
  });
});
