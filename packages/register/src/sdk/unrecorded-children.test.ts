import { context, INVALID_SPAN_CONTEXT, ROOT_CONTEXT, SamplingDecision, SpanKind, trace, TraceFlags, type Context, type Span, type SpanContext } from '@opentelemetry/api';
import { suppressTracing, TraceState } from '@opentelemetry/core';
import { AlwaysOnSampler, InMemorySpanExporter, ParentBasedSampler, RandomIdGenerator, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { SAMPLERS, type SamplerName } from '../config/settings';
import { buildSampler, childrenOfUnsampledAreUnsampled } from './sampler';
import { skipUnrecordedChildren } from './unrecorded-children';

// The fast path must give exactly what the SDK gives: each case runs on a provider with it and
// on one without, the same parent-based sampler on both.
function provider(fast: boolean) {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  if (fast) skipUnrecordedChildren(tracerProvider, new RandomIdGenerator());
  return { tracer: tracerProvider.getTracer('unrecorded-children-test'), exporter, tracerProvider };
}

const TRACE_ID = 'd4cda95b652f4a1592b449d5929fda1b';
const PARENT_ID = '6e0c63257de34c92';
const traceState = new TraceState('vendor=value');
const parentWith = (flags: number, isRemote = false, ids: Partial<SpanContext> = {}): Context =>
  trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: PARENT_ID, traceFlags: flags, traceState, isRemote, ...ids });

/** What a span shows of itself, its span id reduced to "a new valid one" or the invalid one. */
function shape(span: Span) {
  const { traceId, spanId, traceFlags, traceState: state, isRemote } = span.spanContext();
  const spanIdIs = spanId === INVALID_SPAN_CONTEXT.spanId ? 'invalid' : spanId !== PARENT_ID && /^[0-9a-f]{16}$/.test(spanId) ? 'new' : spanId;
  return { recording: span.isRecording(), traceId, spanIdIs, traceFlags, traceState: state?.serialize(), isRemote };
}

const cases: [string, Context, { root?: boolean }][] = [
  ['child of a local parent not sampled', parentWith(TraceFlags.NONE), {}],
  ['child of a remote parent not sampled', parentWith(TraceFlags.NONE, true), {}],
  ['child of a sampled parent', parentWith(TraceFlags.SAMPLED), {}],
  ['root span under a parent not sampled', parentWith(TraceFlags.NONE), { root: true }],
  ['child of a parent not sampled, tracing suppressed', suppressTracing(parentWith(TraceFlags.NONE)), {}],
  ['child of an invalid parent', parentWith(TraceFlags.NONE, false, { traceId: '0'.repeat(32) }), {}],
  ['child of a parent with other flags than sampled', parentWith(0x02), {}],
  ['no parent', ROOT_CONTEXT, {}],
];

describe.each(cases)('%s', (_name, parent, options) => {
  it('startSpan gives what the SDK gives, and the same spans are recorded', () => {
    const [sdk, fast] = [provider(false), provider(true)];
    const [sdkSpan, fastSpan] = [sdk, fast].map(({ tracer }) => tracer.startSpan('child', { ...options, kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql' } }, parent));
    const sdkShape = shape(sdkSpan);
    const fastShape = shape(fastSpan);
    // A new root gets a new random trace id on each side.
    if (sdkShape.traceId !== TRACE_ID) expect(fastShape.traceId).not.toBe(TRACE_ID);
    expect({ ...fastShape, traceId: undefined }).toEqual({ ...sdkShape, traceId: undefined });
    if (sdkShape.traceId === TRACE_ID) expect(fastShape.traceId).toBe(TRACE_ID);

    sdkSpan.end();
    fastSpan.end();
    const recorded = (exporter: InMemorySpanExporter) => exporter.getFinishedSpans().map((span) => [span.name, span.parentSpanContext?.spanId, span.attributes]);
    expect(recorded(fast.exporter)).toEqual(recorded(sdk.exporter));
  });

  it('startActiveSpan gives the callback what the SDK gives it', () => {
    const [sdkShape, fastShape] = [provider(false), provider(true)].map(({ tracer }) => tracer.startActiveSpan('child', options, parent, (span) => (span.end(), shape(span))));
    expect({ ...fastShape, traceId: undefined }).toEqual({ ...sdkShape, traceId: undefined });
  });
});

it('a child of a span not sampled keeps the trace state object and propagates the decision', () => {
  const { tracer } = provider(true);
  const span = tracer.startSpan('child', {}, parentWith(TraceFlags.NONE));
  expect(span.spanContext()).toEqual({ traceId: TRACE_ID, spanId: expect.stringMatching(/^[0-9a-f]{16}$/), traceFlags: TraceFlags.NONE, traceState });
  expect(span.spanContext().traceState).toBe(traceState);
  // Its own children take the same path.
  const grandchild = tracer.startSpan('grandchild', {}, trace.setSpan(context.active(), span));
  expect(grandchild.spanContext().traceId).toBe(TRACE_ID);
  expect(grandchild.isRecording()).toBe(false);
});

it('each tracer is given the fast path once, however often it is asked for', () => {
  const { tracerProvider } = provider(true);
  const first = tracerProvider.getTracer('again');
  const startSpan = first.startSpan;
  expect(tracerProvider.getTracer('again')).toBe(first);
  expect(first.startSpan).toBe(startSpan);
});

// The fast path is switched on only for these samplers: each must answer "not recorded" for any
// child of an unsampled parent, local or remote, whatever its name, kind and attributes.
// (The jaeger_remote ones poll an endpoint when built; parentbased_jaeger_remote is ParentBased
// around it, like the other parentbased_ samplers checked here.)
const checkable = SAMPLERS.filter((name) => !name.includes('jaeger_remote'));
it.each(checkable)('%s: the predicate matches what the sampler does', (name: SamplerName) => {
  const sampler = buildSampler({ name, ratio: 1, remote: { endpoint: '', pollingIntervalMs: 60_000, initialSamplingRate: 1 } }, 'test');
  const decisions = [false, true].flatMap((isRemote) =>
    [SpanKind.SERVER, SpanKind.CLIENT, SpanKind.INTERNAL].map(
      (kind) => sampler.shouldSample(parentWith(TraceFlags.NONE, isRemote), TRACE_ID, 'child', kind, { 'sampling.priority': 1 }, []).decision,
    ),
  );
  const allUnsampled = decisions.every((decision) => decision === SamplingDecision.NOT_RECORD);
  expect(childrenOfUnsampledAreUnsampled(name)).toBe(allUnsampled);
});

it('the jaeger_remote samplers: only the parent-based one qualifies', () => {
  expect(childrenOfUnsampledAreUnsampled('parentbased_jaeger_remote')).toBe(true);
  expect(childrenOfUnsampledAreUnsampled('jaeger_remote')).toBe(false);
});
