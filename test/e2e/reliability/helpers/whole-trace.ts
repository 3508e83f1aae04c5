// One traced request to the fixture's /work, continued from a traceparent we choose, and the
// check that its whole tree reached the receiver.
import { SpanKind } from '@opentelemetry/api';
import type { Receiver, ReceivedSpan } from '@kit/receiver';
import { randomBytes } from 'node:crypto';
import { one, spansBetween } from '../../helpers/trace-tree';
import { getJson } from './app';

export function randomTraceparent(): { traceparent: string; traceId: string; parentId: string } {
  const traceId = randomBytes(16).toString('hex');
  const parentId = randomBytes(8).toString('hex');
  return { traceparent: `00-${traceId}-${parentId}-01`, traceId, parentId };
}

/**
 * GET /work under a new remote parent, then waits for the whole tree:
 *   (remote parent)
 *     SERVER GET /work
 *       ...express spans
 *         INTERNAL work
 *           CLIENT GET
 *             SERVER GET /leaf
 */
export async function expectWholeWorkTrace(appUrl: string, receiver: Receiver, timeoutMs = 10_000): Promise<ReceivedSpan[]> {
  const { traceparent, traceId, parentId } = randomTraceparent();
  expect((await getJson(`${appUrl}/work`, { traceparent })).status).toBe(200);
  const trace = await receiver.waitForTrace(
    // The server span of /work ends last, so once it is here the whole tree is.
    (candidate) => candidate.traceId === traceId && candidate.spans.some((span) => span.name === 'GET /work'),
    { timeoutMs },
  );
  const spans = trace.spans;
  const root = one(spans, 'server span of /work', (span) => span.kind === SpanKind.SERVER && span.name === 'GET /work');
  const work = one(spans, 'manual span', (span) => span.name === 'work');
  const client = one(spans, 'client span', (span) => span.kind === SpanKind.CLIENT);
  const leaf = one(spans, 'server span of /leaf', (span) => span.name === 'GET /leaf');
  expect(root.parentSpanId).toBe(parentId);
  expect(spansBetween(spans, root, work)).toBeDefined();
  expect(client.parentSpanId).toBe(work.spanId);
  expect(leaf.parentSpanId).toBe(client.spanId);
  return spans;
}
