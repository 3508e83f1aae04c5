import type { TraceStore } from '../store/store';
import { findTraces, page, parseTraceQuery } from './trace-query';
import { summarize } from './trace-summary';
import type { ApiRoute } from './ui-api';

/**
 * What the web UI needs beyond Jaeger's API: a page of trace summaries (the list never loads whole
 * traces), and a cheap "did anything change" to poll.
 */
export function kitUiRoutes(store: TraceStore): ApiRoute[] {
  return [
    [
      /^\/api\/kit\/summaries$/,
      (url) => {
        const query = parseTraceQuery(url.searchParams, { serviceRequired: false });
        const found = findTraces(store.traces(), query);
        return { data: page(found, query).map(summarize), total: found.length, limit: query.limit, offset: query.offset };
      },
    ],
    [/^\/api\/kit\/store$/, () => ({ json: { generation: store.generation, traces: store.size } })],
  ];
}
