import { SpanStatusCode } from '@opentelemetry/api';
import type { Trace } from '../types';
import { micros } from './jaeger-model';
import type { DependencyLink } from './query-api-types';

/**
 * The service map: one link per (parent service, child service) pair of a span and its parent in
 * another service, counting the child spans that started within [fromMicros, toMicros].
 */
export function dependencies(traces: Trace[], fromMicros: number, toMicros: number): DependencyLink[] {
  const links = new Map<string, DependencyLink>();
  for (const trace of traces) {
    const serviceOf = new Map(trace.spans.map((span) => [span.spanId, span.serviceName]));
    for (const span of trace.spans) {
      const parent = span.parentSpanId && serviceOf.get(span.parentSpanId);
      if (!parent || parent === span.serviceName) continue;
      const start = micros(span.startTimeUnixNano);
      if (start < fromMicros || start > toMicros) continue;
      const key = JSON.stringify([parent, span.serviceName]);
      const link = links.get(key) ?? { parent, child: span.serviceName, callCount: 0, errorCount: 0 };
      link.callCount += 1;
      if (span.status.code === SpanStatusCode.ERROR) link.errorCount += 1;
      links.set(key, link);
    }
  }
  return [...links.values()];
}
