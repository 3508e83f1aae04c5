/**
 * The JSON the UI reads from the receiver's query API, as it arrives on the wire (the server's
 * types live in ../src/out and pull in Node's; the browser build keeps to these).
 */
export interface KeyValue {
  key: string;
  type: 'string' | 'bool' | 'int64' | 'float64' | 'binary';
  value: string | number | boolean;
}
export interface Reference {
  refType: 'CHILD_OF' | 'FOLLOWS_FROM';
  traceID: string;
  spanID: string;
}
export interface Log {
  /** µs since the epoch. */
  timestamp: number;
  fields: KeyValue[];
}
export interface Span {
  traceID: string;
  spanID: string;
  operationName: string;
  references: Reference[];
  /** µs since the epoch. */
  startTime: number;
  /** µs. */
  duration: number;
  tags: KeyValue[];
  logs: Log[];
  processID: string;
  warnings: string[] | null;
}
export interface Process {
  serviceName: string;
  tags: KeyValue[];
}
export interface Trace {
  traceID: string;
  spans: Span[];
  processes: Record<string, Process>;
  warnings: string[] | null;
}
export interface TraceSummary {
  traceID: string;
  rootName: string;
  rootService: string;
  services: Array<{ name: string; count: number }>;
  spanCount: number;
  errorCount: number;
  startTime: number;
  duration: number;
  missingParents: number;
}
export interface DependencyLink {
  parent: string;
  child: string;
  callCount: number;
  errorCount: number;
}
/** jaeger-query's wrapper around every answer. */
export interface Answer<T> {
  data: T;
  total: number;
  limit: number;
  offset: number;
  errors: Array<{ code: number; msg: string }> | null;
}
