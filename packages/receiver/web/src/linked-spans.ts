import { api } from './api';
import type { Trace } from './api-types';

/** A span of another trace that this trace's spans reference (FollowsFrom): what to call it. */
export interface LinkedSpan {
  service: string;
  name: string;
}

/** Traces fetched at most, so that a span linking to hundreds of traces stays cheap to show. */
const MAX_TRACES = 20;

export const linkKey = (traceId: string, spanId: string): string => `${traceId}/${spanId}`;

/**
 * The spans of other traces that `trace` references, by linkKey(), so that a link reads as the
 * span it leads to. A linked trace the receiver does not hold (or cannot give) is left out: its
 * links keep their ids.
 */
export async function linkedSpans(trace: Trace): Promise<Map<string, LinkedSpan>> {
  const keys = new Set<string>();
  const traceIds = new Set<string>();
  for (const span of trace.spans) {
    for (const ref of span.references) {
      if (ref.traceID === trace.traceID) continue;
      keys.add(linkKey(ref.traceID, ref.spanID));
      traceIds.add(ref.traceID);
    }
  }
  const linked = new Map<string, LinkedSpan>();
  const others = await Promise.all([...traceIds].slice(0, MAX_TRACES).map((id) => api.trace(id).catch(() => undefined)));
  for (const other of others) {
    if (!other) continue;
    for (const span of other.spans) {
      const key = linkKey(other.traceID, span.spanID);
      if (keys.has(key)) linked.set(key, { service: other.processes[span.processID]?.serviceName ?? '?', name: span.operationName });
    }
  }
  return linked;
}
