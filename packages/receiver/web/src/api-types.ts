/**
 * The JSON the UI reads from the receiver's query API: the server's own wire types
 * (../../src/out/query-api-types.ts, which imports nothing, so no Node types come with it), under
 * the UI's shorter names.
 */
export type {
  JaegerKeyValue as KeyValue,
  JaegerReference as Reference,
  JaegerLog as Log,
  JaegerSpan as Span,
  JaegerProcess as Process,
  JaegerTrace as Trace,
  TraceSummary,
  DependencyLink,
  QueryAnswer as Answer,
} from '../../src/out/query-api-types';
