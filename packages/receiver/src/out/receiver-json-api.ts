import type { IncomingMessage, ServerResponse } from 'node:http';
import { acceptGet, sendJson } from '../http/server';
import { HTTP_BAD_REQUEST, HTTP_NOT_FOUND, HTTP_OK } from '../http/status';
import type { TraceStore } from '../store/store';

export const API_TRACES_PATH = '/api/traces';

/** True for /api/traces and /api/traces/<id>. */
export function isApiPath(path: string): boolean {
  return path === API_TRACES_PATH || path.startsWith(`${API_TRACES_PATH}/`);
}

/**
 * The traces held, as JSON: GET /api/traces[?service=NAME&limit=N] → { traces: Trace[] }, newest
 * first, a trace matching when any of its spans is from that service (limit: a positive integer,
 * else 400);
 * GET /api/traces/:traceId → a Trace, or 404.
 */
export function handleApi(store: TraceStore) {
  return (request: IncomingMessage, response: ServerResponse, url: URL): void => {
    if (!acceptGet(request, response)) return;
    let traceId: string;
    try {
      traceId = decodeURIComponent(url.pathname.slice(API_TRACES_PATH.length + 1));
    } catch {
      return sendJson(response, HTTP_BAD_REQUEST, { error: `cannot decode the trace id in ${url.pathname}` });
    }
    if (traceId) {
      const trace = store.trace(traceId);
      return trace ? sendJson(response, HTTP_OK, trace) : sendJson(response, HTTP_NOT_FOUND, { error: `trace ${traceId} not held` });
    }
    const service = url.searchParams.get('service');
    const limitText = url.searchParams.get('limit');
    const limit = limitText === null ? undefined : Number(limitText);
    if (limit !== undefined && !(/^\d+$/.test(limitText!) && limit > 0)) {
      return sendJson(response, HTTP_BAD_REQUEST, { error: `limit must be a positive integer, got "${limitText}"` });
    }
    const traces = store
      .traces()
      .reverse()
      .filter((trace) => !service || trace.spans.some((span) => span.serviceName === service))
      .slice(0, limit);
    sendJson(response, HTTP_OK, { traces });
  };
}
