/**
 * The JSON of the query API on the UI port, as it goes on the wire: Jaeger's model (what
 * jaeger-query's /api/... answers, and its UI and Grafana read), the service map's links, the kit's
 * trace summaries and jaeger-query's wrapper. No imports: the browser build (web/) type-checks
 * against this file without Node's types.
 */
export type JaegerTagType = 'string' | 'bool' | 'int64' | 'float64' | 'binary';
export interface JaegerKeyValue {
  key: string;
  type: JaegerTagType;
  value: string | number | boolean;
}
export interface JaegerReference {
  refType: 'CHILD_OF' | 'FOLLOWS_FROM';
  traceID: string;
  spanID: string;
}
export interface JaegerLog {
  timestamp: number;
  fields: JaegerKeyValue[];
}
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  flags: number;
  operationName: string;
  references: JaegerReference[];
  /** Microseconds since the epoch. */
  startTime: number;
  /** Microseconds. */
  duration: number;
  tags: JaegerKeyValue[];
  logs: JaegerLog[];
  processID: string;
  warnings: string[] | null;
}
export interface JaegerProcess {
  serviceName: string;
  tags: JaegerKeyValue[];
}
export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, JaegerProcess>;
  warnings: string[] | null;
}

/** Jaeger's DependencyLink, plus how many of the calls failed (the child span's status is ERROR). */
export interface DependencyLink {
  parent: string;
  child: string;
  callCount: number;
  errorCount: number;
}

/** One row of the UI's trace list (GET /api/kit/summaries), small enough to page through a full store. */
export interface TraceSummary {
  traceID: string;
  rootName: string;
  rootService: string;
  /** Spans per service, in order of first appearance. */
  services: Array<{ name: string; count: number }>;
  spanCount: number;
  errorCount: number;
  /** µs since the epoch. */
  startTime: number;
  /** µs, from the first start to the last end. */
  duration: number;
  /** Spans naming a parent that is not in the trace (a remote parent, or one lost on the way). */
  missingParents: number;
}

/** jaeger-query's wrapper around every answer. */
export interface QueryAnswer<T> {
  data: T;
  total: number;
  limit: number;
  offset: number;
  errors: Array<{ code: number; msg: string }> | null;
}
