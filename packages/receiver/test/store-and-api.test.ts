import { FREE_PORTS, type Receiver, startReceiver } from '../src';

/** A minimal OTLP/JSON export: one span of the given service in the given trace. */
function jsonExport(service: string, traceId: string, spanId: string): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [{ scope: { name: 'test' }, spans: [{ traceId, spanId, name: 'work', kind: 'SPAN_KIND_SERVER', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000002500000' }] }],
      },
    ],
  });
}

const TRACE = (n: number): string => String(n).repeat(32);
const SPAN = (n: number): string => String(n).repeat(16);

describe('store and JSON API', () => {
  let receiver: Receiver;
  let base: string;

  beforeAll(async () => {
    receiver = await startReceiver({ ...FREE_PORTS, maxTraces: 2, log: () => {} });
    base = `http://127.0.0.1:${receiver.ports.otlpHttp}`;
    for (const [service, n] of [['a', 1], ['b', 2], ['a', 3]] as const) {
      const response = await fetch(`${base}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: jsonExport(service, TRACE(n), SPAN(n)) });
      expect(response.status).toBe(200);
    }
  });
  afterAll(() => receiver.close());

  it('keeps only the last maxTraces traces', () => {
    expect(receiver.traces().map((t) => t.traceId)).toEqual([TRACE(2), TRACE(3)]);
    expect(receiver.spans().map((s) => s.spanId)).toEqual([SPAN(2), SPAN(3)]);
    expect(receiver.spans()[0]).toMatchObject({ serviceName: 'b', kind: 1, durationMs: 2.5, protocol: 'otlp-http-json' });
  });

  it('serves the traces as JSON, newest first, filtered by service', async () => {
    type Listing = { traces: Array<{ traceId: string }> };
    const all = (await (await fetch(`${base}/api/traces`)).json()) as Listing;
    expect(all.traces.map((t) => t.traceId)).toEqual([TRACE(3), TRACE(2)]);
    const ofA = (await (await fetch(`${base}/api/traces?service=a`)).json()) as Listing;
    expect(ofA.traces.map((t) => t.traceId)).toEqual([TRACE(3)]);
    const newest = (await (await fetch(`${base}/api/traces?limit=1`)).json()) as Listing;
    expect(newest.traces.map((t) => t.traceId)).toEqual([TRACE(3)]);
  });

  it.each(['abc', '0', '-1', '2.5', ''])('refuses limit=%s with a 400 that says why', async (limit) => {
    const response = await fetch(`${base}/api/traces?limit=${limit}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: `limit must be a positive integer, got "${limit}"` });
  });

  it('serves one trace by id, and 404 for one it does not hold', async () => {
    const one = await fetch(`${base}/api/traces/${TRACE(3)}`);
    expect(await one.json()).toMatchObject({ traceId: TRACE(3), spans: [{ spanId: SPAN(3), name: 'work' }] });
    expect((await fetch(`${base}/api/traces/${TRACE(1)}`)).status).toBe(404);
    expect((await fetch(`${base}/api/traces/%E0%A4%A`)).status).toBe(400);
  });

  it('waitForTrace times out with an account of what it holds', async () => {
    await expect(receiver.waitForTrace((t) => t.traceId === TRACE(9), { timeoutMs: 50 })).rejects.toThrow(
      /timed out after 50 ms; holding 2 traces: .*b:work/,
    );
  });

  it('waitForSpans resolves once the spans satisfy the predicate, and clear() empties the store', async () => {
    const waiting = receiver.waitForSpans((spans) => spans.some((s) => s.serviceName === 'late'));
    await fetch(`${base}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: jsonExport('late', TRACE(4), SPAN(4)) });
    expect((await waiting).map((s) => s.serviceName)).toContain('late');
    receiver.clear();
    expect(receiver.spans()).toEqual([]);
  });
});
