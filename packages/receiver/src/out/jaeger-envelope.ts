import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http/server';
import { HTTP_NOT_FOUND, HTTP_OK } from '../http/status';

/** The query API's answers live under /api/ on the UI port; everything else there is the web UI. */
export function isUiApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** Jaeger query's response wrapper: `{data, total, limit, offset, errors}`. */
export function sendData(response: ServerResponse, data: unknown[], paging: { limit?: number; offset?: number; total?: number } = {}): void {
  sendJson(response, HTTP_OK, { data, total: paging.total ?? data.length, limit: paging.limit ?? 0, offset: paging.offset ?? 0, errors: null });
}

/** An error as Jaeger query sends it: the status code, and `errors: [{code, msg}]` in the wrapper. */
export function sendError(response: ServerResponse, code: number, msg: string): void {
  sendJson(response, code, { data: null, total: 0, limit: 0, offset: 0, errors: [{ code, msg }] });
}

export function unknownApi(request: IncomingMessage, response: ServerResponse, url: URL): void {
  request.resume();
  sendError(response, HTTP_NOT_FOUND, `no API at ${request.method} ${url.pathname}`);
}
