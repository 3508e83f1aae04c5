import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, isSpanContextValid, propagation, ROOT_CONTEXT, SamplingDecision, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { bindEmitter, bindPrototypes } from './bound-emitters';
import type { DecideOnce } from './decide-once';

type Emit = (this: unknown, event: string, ...args: unknown[]) => boolean;
interface IncomingPatcher {
  _incomingRequestFunction(component: 'http' | 'https', original: Emit): Emit;
}

/** Puts the fast path below in front of the Server#emit patch of an HttpInstrumentation. */
export function gateIncomingRequests(instrumentation: object, decider: DecideOnce, isIgnored: (request: IncomingMessage) => boolean): void {
  const patcher = instrumentation as IncomingPatcher;
  const official = patcher._incomingRequestFunction.bind(instrumentation);
  bindPrototypes();
  patcher._incomingRequestFunction = (component, original) => skipUnrecordedRequests(official(component, original), original, decider, isIgnored);
}

/**
 * The fast path in front of the official http instrumentation's incoming side, which costs
 * the same whether a request is recorded or not (attributes, URL parsing, a span, hooks).
 * The kit decides first, exactly as the SDK would for the server span; a request that will
 * be recorded goes through the official code unchanged (which reuses the decision), one that
 * will not runs the app in the context the SDK would have given it: the remote parent and a
 * non-recording span with the sampled flag off, so that its outgoing calls propagate that
 * decision and its children honour it.
 */
function skipUnrecordedRequests(traced: Emit, original: Emit, decider: DecideOnce, isIgnored: (request: IncomingMessage) => boolean): Emit {
  // `arguments` goes to the original as it came: spreading it into arrays costs on every request.
  return function incomingRequest(this: unknown, event: string): boolean {
    const args = arguments as unknown as [string, ...unknown[]];
    if (event !== 'request') return original.apply(this, args);
    const request = args[1] as IncomingMessage;
    // Ignored paths: the official code suppresses tracing for them; they are rare enough.
    if (isIgnored(request)) return traced.apply(this, args);

    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const parentSpanContext = trace.getSpanContext(parent);
    const isRoot = parentSpanContext === undefined || !isSpanContextValid(parentSpanContext);
    const traceId = isRoot ? decider.generateTraceId() : parentSpanContext.traceId;
    // The official instrumentation names the server span after the method when it starts it.
    const result = decider.decide(parent, traceId, request.method || 'GET', SpanKind.SERVER);
    if (result.decision !== SamplingDecision.NOT_RECORD) {
      decider.handOver(traceId, result, isRoot);
      try {
        return traced.apply(this, args);
      } finally {
        decider.clear();
      }
    }

    const span = trace.wrapSpanContext({
      traceId,
      spanId: decider.generateSpanId(),
      traceFlags: TraceFlags.NONE,
      traceState: result.traceState ?? parentSpanContext?.traceState,
    });
    const active = trace.setSpan(parent, span);
    return context.with(active, () => {
      // As the official code does: listeners the app adds to the request and the response
      // run in the request's context, not in the socket's.
      bindEmitter(request, active);
      bindEmitter(args[2] as ServerResponse, active);
      return original.apply(this, args);
    });
  };
}
