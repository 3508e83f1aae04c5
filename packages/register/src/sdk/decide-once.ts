import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import { RandomIdGenerator, type IdGenerator, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace';

/**
 * Lets the kit take the sampling decision for an incoming request before the official
 * instrumentation starts its span, and makes the provider reuse that decision and trace id
 * when it does. Deciding twice would be wrong, not only slow: a rate-limited jaeger_remote
 * strategy would spend a second token, and a root span would get a second random trace id,
 * which traceidratio would judge again.
 *
 * Both hand-overs are synchronous (decide, then startSpan within the same call stack) and
 * consumed once; `clear` drops one that was not taken.
 */
export class DecideOnce implements Sampler, IdGenerator {
  private readonly ids = new RandomIdGenerator();
  private traceId: string | undefined;
  private decided: { traceId: string; result: SamplingResult } | undefined;

  constructor(private readonly sampler: Sampler) {}

  /** The decision for a span with this parent, trace id, name and kind (the samplers the kit builds ignore attributes). */
  decide(context: Context, traceId: string, spanName: string, spanKind: SpanKind): SamplingResult {
    return this.sampler.shouldSample(context, traceId, spanName, spanKind, {}, []);
  }

  /** The next span to start reuses this trace id (when it has no parent) and this decision. */
  handOver(traceId: string, result: SamplingResult, isRoot: boolean): void {
    this.traceId = isRoot ? traceId : undefined;
    this.decided = { traceId, result };
  }

  clear(): void {
    this.traceId = undefined;
    this.decided = undefined;
  }

  shouldSample(context: Context, traceId: string, spanName: string, spanKind: SpanKind, attributes: Attributes, links: Link[]): SamplingResult {
    const decided = this.decided;
    if (decided !== undefined && decided.traceId === traceId) {
      this.decided = undefined;
      return decided.result;
    }
    return this.sampler.shouldSample(context, traceId, spanName, spanKind, attributes, links);
  }

  generateTraceId(): string {
    const traceId = this.traceId;
    if (traceId === undefined) return this.ids.generateTraceId();
    this.traceId = undefined;
    return traceId;
  }

  generateSpanId(): string {
    return this.ids.generateSpanId();
  }

  toString(): string {
    return this.sampler.toString();
  }
}
