// Root sampling decided once: for a request without traceparent the kit draws the trace id and
// asks the sampler before the official instrumentation starts the server span, which must then
// get that same trace id and that same decision. Under traceidratio the decision is a function
// of the trace id, so every request can be checked against the official sampler as an oracle.
import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { SamplingDecision, TraceIdRatioBasedSampler, type Sampler } from '@opentelemetry/sdk-trace';
import { FREE_PORTS, startReceiver, type ReceivedSpan, type Receiver } from '@kit/receiver';
import { KIT, startFastPathApp } from './helpers/fast-path-app';

const RATIO = 0.5;
const REQUESTS = 200;
/** Recorded requests out of REQUESTS: 100 ± 4 standard deviations (√(200·0.5·0.5) ≈ 7.1). A second,
 *  independent decision on another trace id would record about a quarter: 50 ± 7. */
const PLAUSIBLE = { min: 72, max: 128 };

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver({ ...FREE_PORTS });
});
afterAll(() => receiver?.close());

const oracle: Sampler = new TraceIdRatioBasedSampler(RATIO);
const oracleRecords = (traceId: string) =>
  oracle.shouldSample(ROOT_CONTEXT, traceId, 'GET', SpanKind.SERVER, {}, []).decision === SamplingDecision.RECORD_AND_SAMPLED;

interface Whoami {
  traceId: string;
  sampled: boolean;
}

describe('parentbased_traceidratio 0.5, requests without traceparent', () => {
  it('records exactly the requests whose trace id the ratio accepts, each with its express spans under the server span', async () => {
    const app = await startFastPathApp(KIT, receiver, { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: String(RATIO) });
    const seen: Whoami[] = [];
    try {
      for (let i = 0; i < REQUESTS; i++) {
        const response = await fetch(`${app.url}/whoami`, { signal: AbortSignal.timeout(5_000) });
        seen.push((await response.json()) as Whoami);
      }
    } finally {
      await app.service.stop(); // flushes every recorded span
    }

    // What the app saw: one trace per request, sampled exactly when the oracle says so.
    expect(new Set(seen.map(({ traceId }) => traceId)).size).toBe(REQUESTS);
    const misjudged = seen.filter(({ traceId, sampled }) => sampled !== oracleRecords(traceId));
    expect(misjudged.map(({ traceId, sampled }) => `${traceId} sampled=${sampled}, the ratio says ${!sampled}`)).toEqual([]);

    // What was recorded: exactly those traces, each accepted by the oracle, in plausible number.
    const spans = receiver.spans();
    const servers = spans.filter((span) => span.kind === SpanKind.SERVER);
    expect(servers.map((span) => span.traceId).filter((traceId) => !oracleRecords(traceId))).toEqual([]);
    const sampledTraceIds = seen.filter(({ sampled }) => sampled).map(({ traceId }) => traceId);
    expect(servers.map((span) => span.traceId).sort()).toEqual(sampledTraceIds.sort());
    expect(servers.length).toBeGreaterThanOrEqual(PLAUSIBLE.min);
    expect(servers.length).toBeLessThanOrEqual(PLAUSIBLE.max);

    // Each recorded request, whole:
    //   SERVER GET /whoami                 (root)
    //     INTERNAL middleware - jsonParser
    //     INTERNAL request handler
    const shape = (server: ReceivedSpan) => ({
      root: server.parentSpanId === undefined,
      name: server.name,
      children: spans
        .filter((span) => span.parentSpanId === server.spanId && span.traceId === server.traceId)
        .map((span) => span.name)
        .sort(),
    });
    const expected = { root: true, name: 'GET /whoami', children: ['middleware - jsonParser', 'request handler'] };
    const misshapen = servers.filter((server) => JSON.stringify(shape(server)) !== JSON.stringify(expected));
    expect(misshapen.map((server) => ({ traceId: server.traceId, ...shape(server) }))).toEqual([]);
    expect(spans).toHaveLength(servers.length * 3);
  }, 60_000);
});
