import type { ReceivedSpan, Trace } from '../types';

interface Held {
  span: ReceivedSpan;
  arrival: number;
}

/**
 * Spans grouped by trace id, keeping the maxTraces most recently started traces: when a new
 * trace would exceed the bound, the trace first seen longest ago is dropped whole.
 */
export class TraceStore {
  private readonly byTraceId = new Map<string, Held[]>();
  private arrivals = 0;
  private clears = 0;

  constructor(private readonly maxTraces: number) {}

  /** Grows with every span added (and on clear), so that a reader can tell cheaply whether anything changed. */
  get generation(): number {
    return this.arrivals + this.clears;
  }

  get size(): number {
    return this.byTraceId.size;
  }

  /** Adds the spans and returns the ids of the traces they belong to. */
  add(spans: ReceivedSpan[]): Set<string> {
    const touched = new Set<string>();
    for (const span of spans) {
      let held = this.byTraceId.get(span.traceId);
      if (!held) {
        held = [];
        this.byTraceId.set(span.traceId, held);
        this.evictOverflow();
      }
      held.push({ span, arrival: this.arrivals++ });
      touched.add(span.traceId);
    }
    return touched;
  }

  private evictOverflow(): void {
    for (const oldest of this.byTraceId.keys()) {
      if (this.byTraceId.size <= this.maxTraces) return;
      this.byTraceId.delete(oldest);
    }
  }

  trace(traceId: string): Trace | undefined {
    const held = this.byTraceId.get(traceId.toLowerCase());
    return held && { traceId: traceId.toLowerCase(), spans: held.map((h) => h.span) };
  }

  /** Traces in the order they were first seen. */
  traces(): Trace[] {
    return [...this.byTraceId.keys()].map((traceId) => this.trace(traceId)!);
  }

  /** Every span held, in arrival order. */
  spans(): ReceivedSpan[] {
    return [...this.byTraceId.values()]
      .flat()
      .sort((a, b) => a.arrival - b.arrival)
      .map((h) => h.span);
  }

  clear(): void {
    this.clears += 1;
    this.byTraceId.clear();
  }
}
