import type { IncomingMessage, ServerResponse } from 'node:http';
import { acceptGet, sendJson } from '../http/server';
import { HTTP_BAD_REQUEST, HTTP_NOT_FOUND, HTTP_OK } from '../http/status';
import { QueryError } from './trace-query';

/** What a route answers: Jaeger's wrapper around `data` (with paging when given), a 404, or a bare JSON value. */
export type ApiAnswer = { data: unknown[]; total?: number; limit?: number; offset?: number } | { notFound: string } | { json: unknown };
/** A path pattern (its groups, decoded, are the route's parameters) and what it answers. */
export type ApiRoute = [pattern: RegExp, answer: (url: URL, params: string[]) => ApiAnswer];

/** The query API lives under /api/ on the UI port; everything else there is the web UI. */
export function isUiApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** An error as jaeger-query sends it: the status code, and `errors: [{code, msg}]` in the wrapper. */
function sendError(response: ServerResponse, code: number, msg: string): void {
  sendJson(response, code, { data: null, total: 0, limit: 0, offset: 0, errors: [{ code, msg }] });
}

/**
 * GET-only JSON routes answering in jaeger-query's wrapper `{data, total, limit, offset, errors}`;
 * a bad parameter is a 400 with its reason, an unknown path or id a 404.
 */
export function handleUiApi(routes: ApiRoute[]) {
  return (request: IncomingMessage, response: ServerResponse, url: URL): void => {
    if (!acceptGet(request, response)) return;
    for (const [pattern, answer] of routes) {
      const match = pattern.exec(url.pathname);
      if (!match) continue;
      let result: ApiAnswer;
      try {
        const params = match.slice(1).map((param) => {
          try {
            return decodeURIComponent(param);
          } catch {
            throw new QueryError(`cannot decode "${param}" in the path`);
          }
        });
        result = answer(url, params);
      } catch (error) {
        if (error instanceof QueryError) return sendError(response, HTTP_BAD_REQUEST, error.message);
        throw error;
      }
      if ('notFound' in result) return sendError(response, HTTP_NOT_FOUND, result.notFound);
      if ('json' in result) return sendJson(response, HTTP_OK, result.json);
      const { data, total = data.length, limit = 0, offset = 0 } = result;
      return sendJson(response, HTTP_OK, { data, total, limit, offset, errors: null });
    }
    sendError(response, HTTP_NOT_FOUND, `no API at ${request.method} ${url.pathname}`);
  };
}
