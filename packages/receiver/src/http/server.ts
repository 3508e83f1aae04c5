import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTP_INTERNAL_SERVER_ERROR, HTTP_METHOD_NOT_ALLOWED, HTTP_NOT_FOUND } from './status';
import type { Log } from '../in/ingest';

/** A route's handler; `url` is the request's URL, parsed once by the router. */
export type Handler = (request: IncomingMessage, response: ServerResponse, url: URL) => void | Promise<void>;

/** Routes by path (without query); unknown paths get 404. A handler that throws gets 500 and a log line. */
export function createRoutedServer(routes: Array<[match: (path: string) => boolean, handler: Handler]>, log: Log): Server {
  return createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://receiver');
    const route = routes.find(([match]) => match(url.pathname));
    const handler: Handler = route ? route[1] : notFound;
    Promise.resolve()
      .then(() => handler(request, response, url))
      .catch((error: Error) => {
        log(`${request.method} ${url.pathname} failed: ${error.stack ?? error.message}`);
        if (!response.headersSent) sendJson(response, HTTP_INTERNAL_SERVER_ERROR, { error: 'internal error' });
        else response.destroy();
      });
  });
}

function notFound(request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  sendJson(response, HTTP_NOT_FOUND, { error: `no route for ${request.method} ${request.url}` });
}

/**
 * For the read-only JSON endpoints: drains any body, and answers 405 (returning false) unless the
 * method is GET.
 */
export function acceptGet(request: IncomingMessage, response: ServerResponse): boolean {
  request.resume();
  if (request.method === 'GET') return true;
  response.setHeader('Allow', 'GET');
  sendJson(response, HTTP_METHOD_NOT_ALLOWED, { error: `${request.method} not allowed, use GET` });
  return false;
}

export function sendJson(response: ServerResponse, statusCode: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(statusCode, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

export function sendText(response: ServerResponse, statusCode: number, text: string): void {
  response.writeHead(statusCode, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

/** Listens and resolves with the port bound (port 0 picks a free one). */
export function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
