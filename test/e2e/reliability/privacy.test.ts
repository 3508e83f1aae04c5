// Privacy by default, proven on what left the process: the spans the receiver got and the lines
// the app printed. Every secret below is a unique string; none may appear anywhere it should not.
import { SpanKind } from '@opentelemetry/api';
import type { Receiver, ReceivedSpan } from '@kit/receiver';
import * as grpc from '@grpc/grpc-js';
import { getJson, kitLines, sleep, startApp, type App } from './helpers/app';
import { startReceiverOn, startRecordingCollector } from './helpers/collectors';
import { greeterClient, startGreeter } from './helpers/greeter';
import { randomTraceparent } from './helpers/whole-trace';

const URL_ATTRIBUTES = ['url.full', 'url.query', 'url.path', 'http.url', 'http.target'];

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiverOn();
});
afterAll(() => receiver?.close());

const otlpEnv = () => ({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.ports.otlpHttp}`, OTEL_BSP_SCHEDULE_DELAY: '100' });

/** Every attribute value of every span (and the resource), as text. */
const allText = (spans: ReceivedSpan[]) => JSON.stringify(spans.map((span) => [span.name, span.attributes, span.events, span.resource]));

async function withApp(env: Record<string, string>, run: (app: App) => Promise<void>): Promise<void> {
  const app = await startApp({ OTEL_SERVICE_NAME: 'privacy', ...otlpEnv(), ...env });
  try {
    await run(app);
  } finally {
    await app.service.stop();
  }
}

/**
 * GET /call?<outer query> makes the app call GET /leaf?<inner query>:
 *   SERVER GET /call   (url with the outer query)
 *     CLIENT GET       (url.full with the inner query)
 *       SERVER GET /leaf (url with the inner query)
 */
async function callTrace(app: App, outerQuery: string, innerQuery: string, headers: Record<string, string> = {}): Promise<ReceivedSpan[]> {
  const { traceparent, traceId } = randomTraceparent();
  const { status } = await getJson(`${app.url}/call?${outerQuery}`, { traceparent, 'x-call-path': `/leaf?${innerQuery}`, ...headers });
  expect(status).toBe(200);
  const trace = await receiver.waitForTrace((t) => t.traceId === traceId && t.spans.some((span) => span.name === 'GET /call'), { timeoutMs: 5_000 });
  const httpSpans = trace.spans.filter((span) => span.kind === SpanKind.SERVER || span.kind === SpanKind.CLIENT);
  expect(httpSpans).toHaveLength(3);
  return trace.spans;
}

const urlValues = (spans: ReceivedSpan[]) =>
  spans.flatMap((span) => URL_ATTRIBUTES.map((name) => span.attributes[name]).filter((value): value is string => typeof value === 'string'));

describe('query strings', () => {
  // Mixed case on purpose: keys match case-insensitively.
  const SENSITIVE = ['token', 'Access_Token', 'PASSWORD', 'secret', 'api_key', 'Key', 'signature', 'code', 'X-Amz-Signature'];
  const query = (prefix: string) => [...SENSITIVE.map((key, i) => `${key}=${prefix}${i}`), 'page=2', 'q=visible'].join('&');

  it('redacts the values of sensitive keys in every URL attribute of server and client spans, and keeps the rest', async () => {
    await withApp({}, async (app) => {
      const spans = await callTrace(app, query('outerSecret'), query('innerSecret'));
      expect(allText(spans)).not.toMatch(/outerSecret|innerSecret/);
      const urls = urlValues(spans).filter((value) => value.includes('='));
      expect(urls.length).toBeGreaterThanOrEqual(3);
      for (const url of urls) {
        for (const key of SENSITIVE) expect(url).toContain(`${key}=REDACTED`);
        expect(url).toContain('page=2&q=visible');
      }
    });
  });

  it('KIT_REDACT_QUERY_KEYS adds to the default list: a privacy list does not shrink by adding to it', async () => {
    await withApp({ KIT_REDACT_QUERY_KEYS: 'otp,Session_Id' }, async (app) => {
      const spans = await callTrace(app, 'OTP=outerOtp&session_id=outerSession&token=outerToken', 'otp=innerOtp&SESSION_ID=innerSession&token=innerToken&page=3');
      expect(allText(spans)).not.toMatch(/outerOtp|innerOtp|outerSession|innerSession|outerToken|innerToken/);
      expect(urlValues(spans).join(' ')).toMatch(/token=REDACTED.*page=3/);
    });
  });

  it('KIT_REDACT_QUERY_KEYS=only:... replaces the default list', async () => {
    await withApp({ KIT_REDACT_QUERY_KEYS: 'only:otp,Session_Id' }, async (app) => {
      const spans = await callTrace(app, 'OTP=outerOtp&session_id=outerSession&token=outerToken', 'otp=innerOtp&SESSION_ID=innerSession&token=innerToken');
      expect(allText(spans)).not.toMatch(/outerOtp|innerOtp|outerSession|innerSession/);
      const urls = urlValues(spans).join(' ');
      expect(urls).toContain('token=outerToken');
      expect(urls).toContain('token=innerToken');
    });
  });
});

describe('headers', () => {
  const SECRET_HEADERS = { authorization: 'Bearer authSecret123', cookie: 'sid=cookieSecret456', 'x-request-id': 'rid-789', 'x-other': 'otherValue' };
  const headerAttributes = (spans: ReceivedSpan[]) => spans.flatMap((span) => Object.keys(span.attributes).filter((key) => /^http\.(request|response)\.header\./.test(key)));

  it('records no header by default', async () => {
    await withApp({}, async (app) => {
      const spans = await callTrace(app, 'a=1', 'b=2', SECRET_HEADERS);
      expect(headerAttributes(spans)).toEqual([]);
      expect(allText(spans)).not.toMatch(/authSecret123|cookieSecret456|rid-789|otherValue/);
    });
  });

  it('records only the allowlisted ones, and never authorization or cookie even when listed', async () => {
    await withApp({ KIT_CAPTURE_HTTP_HEADERS: 'X-Request-Id,authorization,cookie' }, async (app) => {
      const spans = await callTrace(app, 'a=1', 'b=2', SECRET_HEADERS);
      const server = spans.find((span) => span.name === 'GET /call')!;
      expect(server.attributes['http.request.header.x-request-id']).toEqual(['rid-789']);
      expect([...new Set(headerAttributes(spans))]).toEqual(['http.request.header.x-request-id']);
      expect(allText(spans)).not.toMatch(/authSecret123|cookieSecret456|otherValue/);
      expect(kitLines(app.service).join('\n')).toMatch(/warning: KIT_CAPTURE_HTTP_HEADERS="authorization,cookie" names credential headers/);
    });
  });
});

describe('PostgreSQL (the Greeter sample, real database)', () => {
  it('pg spans carry the statement text without the parameter values', async () => {
    const greeter = await startGreeter({ OTEL_SERVICE_NAME: 'greeter-privacy', ...otlpEnv() });
    const client = greeterClient(greeter.ready[1]);
    try {
      const name = `pgSecret${Date.now()}`;
      expect(await client.sayHello(name, {})).toBe(grpc.status.OK);
      const spans = await receiver.waitForSpans(
        (all) => all.filter((span) => span.serviceName === 'greeter-privacy' && /INSERT|SELECT/.test(String(span.attributes['db.query.text'] ?? span.attributes['db.statement']))).length >= 2,
        { timeoutMs: 5_000 },
      );
      const pgSpans = spans.filter((span) => span.serviceName === 'greeter-privacy' && span.kind === SpanKind.CLIENT && /pg/.test(span.scope.name));
      const statements = pgSpans.map((span) => String(span.attributes['db.query.text'] ?? span.attributes['db.statement']));
      expect(statements).toEqual(expect.arrayContaining([expect.stringContaining('INSERT INTO greetings (name, language) VALUES ($1, $2)')]));
      expect(allText(spans.filter((span) => span.serviceName === 'greeter-privacy'))).not.toContain(name);
    } finally {
      client.close();
      await greeter.stop();
    }
  });
});

describe('exporter credentials', () => {
  const CREDENTIALS = {
    OTEL_EXPORTER_OTLP_HEADERS: 'api-key=hdrSecret111,x-tenant=tenantSecret222',
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'authorization=Bearer%20bearerSecret333',
  };

  it.each([
    ['answers 401 and echoes the request headers', 401],
    ['answers 500 and echoes the request headers', 500],
  ])('never prints them, in the start-up line or in export errors, when the collector %s', async (_what, status) => {
    const collector = await startRecordingCollector(status);
    try {
      await withApp({ ...CREDENTIALS, OTEL_EXPORTER_OTLP_ENDPOINT: `http://user:urlSecret444@127.0.0.1:${collector.port}`, OTEL_EXPORTER_OTLP_TIMEOUT: '1000' }, async (app) => {
        await getJson(`${app.url}/work`);
        for (let i = 0; i < 40 && !kitLines(app.service).some((line) => line.includes('failed')); i++) await sleep(100);
        // The collector did get them: they were sent, just never printed.
        expect(JSON.stringify(collector.requests)).toContain('hdrSecret111');
        const lines = kitLines(app.service);
        expect(lines[0]).toMatch(/headers api-key=\*\*\*\*,x-tenant=\*\*\*\*,authorization=\*\*\*\*/);
        expect(lines.some((line) => line.includes('failed'))).toBe(true);
        expect(app.service.output()).not.toMatch(/hdrSecret111|tenantSecret222|bearerSecret333|urlSecret444/);
      });
    } finally {
      await collector.close();
    }
  });

  // The jaeger propagator injects baggage even where tracing is suppressed; exports must still not carry it.
  it('sends the collector none of the app\'s request baggage (jaeger propagator on)', async () => {
    const collector = await startRecordingCollector(200);
    try {
      await withApp({ OTEL_PROPAGATORS: 'tracecontext,baggage,jaeger', OTEL_BSP_SCHEDULE_DELAY: '60000', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collector.port}` }, async (app) => {
        // Enough spans to fill a batch (512), which is then exported in the context of the request that ended it.
        for (let i = 0; i < 150; i++) await getJson(`${app.url}/work`, { baggage: 'user.email=alice%40example.com' });
        for (let i = 0; i < 40 && collector.requests.length === 0; i++) await sleep(100);
        expect(collector.requests.length).toBeGreaterThan(0);
        expect(JSON.stringify(collector.requests)).not.toMatch(/uberctx|alice/);
      });
    } finally {
      await collector.close();
    }
  });
});
