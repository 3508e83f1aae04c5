import { trace, type Span, type SpanContext } from '@opentelemetry/api';
import { setTimeout as sleep } from 'node:timers/promises';

const tracer = trace.getTracer('express-frontend');

/** The follow-up steps, each a span that FollowsFrom the one before. */
const STEPS = ['follow-up: audit greeting', 'follow-up: update leaderboard', 'follow-up: notify subscribers'];
const STEP_WORK_MS = 5;

/**
 * Work done after the response is sent: OpenTracing's `FollowsFrom` (Span F >>> G >>> H).
 * In OpenTelemetry that is a span link, not a parent: each step starts a new trace (root: true)
 * linked to the span it follows, so the request's trace ends when the response does.
 */
export async function runFollowUp(followsFrom: SpanContext): Promise<void> {
  let previous = followsFrom;
  for (const name of STEPS) {
    previous = await tracer.startActiveSpan(name, { root: true, links: [{ context: previous }] }, async (span: Span) => {
      await sleep(STEP_WORK_MS);
      span.end();
      return span.spanContext();
    });
  }
}
