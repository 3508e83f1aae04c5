// Parity of recorded spans: with the default sampler every request is recorded, so the kit's
// fast path must hand each one to the official http and express instrumentations unchanged.
// The same requests go to the same app twice, once under `-r @kit/register` and once under a
// reference preload that sets up the official pieces directly (no fast path) with the kit's own
// http options; the spans the receiver gets must be the same, span by span.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { FREE_PORTS, startReceiver, type ReceivedEvent, type ReceivedSpan, type Receiver } from '@kit/receiver';
import { KIT, REFERENCE, startFastPathApp, type FastPathApp } from './helpers/fast-path-app';

const REMOTE_TRACE_ID = '5b8efff798038103d269b633813fc60c';
const REMOTE_PARENT_ID = 'eee19b7ec3c1b174';
/** The header each request carries to tell its trace apart; captured by KIT_CAPTURE_HTTP_HEADERS. */
const REQUEST_ID = 'x-request-id';
const ENV = { KIT_CAPTURE_HTTP_HEADERS: REQUEST_ID };

/** The requests, in the order they are sent, each with the status the app answers. */
const REQUESTS: Array<{ id: string; path: string; status: number; init?: RequestInit }> = [
  { id: 'route-param-redacted-query', path: '/users/42?token=s3cret&q=1', status: 200 },
  { id: 'post-with-body', path: '/items', status: 201, init: { method: 'POST', body: '{"name":"pen"}', headers: { 'content-type': 'application/json' } } },
  { id: 'not-found', path: '/no/such/route', status: 404 },
  { id: 'handler-throws', path: '/fail', status: 500 },
  { id: 'next-with-error', path: '/fail-next', status: 500 },
  { id: 'sampled-remote-parent', path: '/users/7', status: 200, init: { headers: { traceparent: `00-${REMOTE_TRACE_ID}-${REMOTE_PARENT_ID}-01` } } },
  { id: 'outgoing-call', path: '/proxy', status: 200 },
];

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver({ ...FREE_PORTS });
});
afterAll(() => receiver?.close());

/** Sends every request, then stops the app (which flushes on SIGTERM) and renders what arrived. */
async function run(preload: string): Promise<string> {
  receiver.clear();
  const app = await startFastPathApp(preload, receiver, ENV);
  try {
    for (const { id, path, status, init = {} } of REQUESTS) {
      const response = await fetch(app.url + path, { ...init, headers: { ...init.headers, [REQUEST_ID]: id }, signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      expect({ id, status: response.status }).toEqual({ id, status });
    }
  } finally {
    await app.service.stop();
  }
  return render(receiver.spans(), app);
}

/**
 * Each request's trace as an indented tree, one span per line followed by its attributes,
 * status and events, values normalized only where two runs must differ (ports, times, ids).
 * For example the outgoing call:
 *   [outgoing-call]
 *   SERVER GET /proxy  root
 *     INTERNAL middleware - jsonParser
 *     INTERNAL request handler
 *       CLIENT GET
 *         SERVER GET       (the second local server, remote parent over HTTP)
 */
function render(spans: ReceivedSpan[], app: FastPathApp): string {
  const lines: string[] = [];
  const rendered = new Set<ReceivedSpan>();
  const children = (parent: ReceivedSpan) =>
    spans.filter((span) => span.parentSpanId === parent.spanId).sort((a, b) => compareStart(a, b) || a.name.localeCompare(b.name));
  const walk = (span: ReceivedSpan, depth: number, parent: string, traceId: string) => {
    rendered.add(span);
    const indent = '  '.repeat(depth);
    const otherTrace = span.traceId === traceId ? '' : `  IN ANOTHER TRACE ${span.traceId}`;
    lines.push(`${indent}${SpanKind[span.kind]} ${span.name}  ${parent}${otherTrace}  scope=${span.scope.name}@${span.scope.version}  service=${span.serviceName}`);
    lines.push(`${indent}  status ${SpanStatusCode[span.status.code]} ${span.status.message ?? ''}`.trimEnd());
    for (const [key, value] of Object.entries(span.attributes).sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`${indent}  ${key} = ${JSON.stringify(normalizeValue(key, value, app))}`);
    }
    for (const event of span.events) lines.push(`${indent}  event ${renderEvent(event)}`);
    if (span.links.length > 0) lines.push(`${indent}  links ${span.links.length}`);
    for (const child of children(span)) walk(child, depth + 1, 'child', traceId);
  };
  for (const { id } of REQUESTS) {
    lines.push(`[${id}]`);
    const roots = spans.filter((span) => span.kind === SpanKind.SERVER && String(span.attributes[`http.request.header.${REQUEST_ID}`]) === id);
    for (const root of roots) {
      const parent = root.parentSpanId === undefined ? 'root' : `remote parent ${root.parentSpanId} in trace ${root.traceId}`;
      walk(root, 0, parent, root.traceId);
    }
  }
  const stray = spans.filter((span) => !rendered.has(span));
  if (stray.length > 0) lines.push('[spans of no request]', ...stray.map((span) => `${SpanKind[span.kind]} ${span.name} parent=${span.parentSpanId}`));
  return lines.join('\n');
}

const compareStart = (a: ReceivedSpan, b: ReceivedSpan) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano));

/** Ports picked at run time become names; client ports are whatever the OS chose. */
function normalizeValue(key: string, value: unknown, app: FastPathApp): unknown {
  if (key === 'network.peer.port' || key === 'client.port') return '<client port>';
  const ports: Array<[number, string]> = [[app.port, '<app port>'], [app.stockPort, '<stock port>']];
  if (typeof value === 'number') return ports.find(([port]) => port === value)?.[1] ?? value;
  if (typeof value === 'string') return ports.reduce((text, [port, name]) => text.replace(new RegExp(`\\b${port}\\b`, 'g'), name), value);
  return value;
}

/** An exception's stack differs in the frames of the tracing code: keep its first line and the app's frames. */
function renderEvent(event: ReceivedEvent): string {
  const attributes = { ...event.attributes };
  const stack = attributes['exception.stacktrace'];
  if (typeof stack === 'string') {
    attributes['exception.stacktrace'] = stack.split('\n').filter((line, index) => index === 0 || line.includes('fixtures/fast-path/app.cjs')).join('\n');
  }
  return `${event.name} ${JSON.stringify(attributes, Object.keys(attributes).sort())}`;
}

describe('recorded requests: the kit records exactly what the official instrumentations do', () => {
  it('gives the same spans, attributes, events, statuses and parents as the reference set-up', async () => {
    const reference = await run(REFERENCE);
    const kit = await run(KIT);
    // Guard against comparing two empty or partial runs: every request has its server span,
    // the outgoing call its client and downstream server spans, the failures their exceptions.
    for (const { id } of REQUESTS) expect(reference).toContain(`[${id}]\nSERVER `);
    expect(reference).toMatch(/\n {4}CLIENT GET {2}child.*(\n {6}.*)*\n {6}SERVER GET {2}child/);
    expect(reference.match(/event exception/g)).toHaveLength(2);
    expect(reference).toContain(`remote parent ${REMOTE_PARENT_ID} in trace ${REMOTE_TRACE_ID}`);
    expect(reference).toContain('"token=REDACTED&q=1"');
    expect(reference).not.toContain('[spans of no request]');

    expect(kit).toEqual(reference);
  }, 60_000);
});
