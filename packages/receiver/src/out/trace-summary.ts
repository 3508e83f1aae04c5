import { SpanStatusCode } from '@opentelemetry/api';
import type { ReceivedSpan, Trace } from '../types';
import { micros } from './jaeger-model';
import type { TraceSummary } from './query-api-types';

function compareStart(a: ReceivedSpan, b: ReceivedSpan): number {
  const difference = BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** The root: the earliest span without a parent, else the earliest whose parent is missing, else the earliest. */
function rootOf(spans: ReceivedSpan[], spanIds: Set<string>): ReceivedSpan {
  const byStart = [...spans].sort(compareStart);
  return (
    byStart.find((span) => !span.parentSpanId) ?? byStart.find((span) => !spanIds.has(span.parentSpanId!)) ?? byStart[0]
  );
}

export function summarize(trace: Trace): TraceSummary {
  const spanIds = new Set(trace.spans.map((span) => span.spanId));
  const root = rootOf(trace.spans, spanIds);
  const services = new Map<string, number>();
  let start = BigInt(trace.spans[0].startTimeUnixNano);
  let end = BigInt(trace.spans[0].endTimeUnixNano);
  for (const span of trace.spans) {
    services.set(span.serviceName, (services.get(span.serviceName) ?? 0) + 1);
    if (BigInt(span.startTimeUnixNano) < start) start = BigInt(span.startTimeUnixNano);
    if (BigInt(span.endTimeUnixNano) > end) end = BigInt(span.endTimeUnixNano);
  }
  return {
    traceID: trace.traceId,
    rootName: root.name,
    rootService: root.serviceName,
    services: [...services].map(([name, count]) => ({ name, count })),
    spanCount: trace.spans.length,
    errorCount: trace.spans.filter((span) => span.status.code === SpanStatusCode.ERROR).length,
    startTime: micros(start.toString()),
    duration: micros((end - start).toString()),
    missingParents: trace.spans.filter((span) => span.parentSpanId !== undefined && !spanIds.has(span.parentSpanId)).length,
  };
}
