import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyError, mediaType, readBody } from './http-body';
import { sendJson } from '../http/server';
import { HTTP_ACCEPTED, HTTP_BAD_REQUEST, HTTP_METHOD_NOT_ALLOWED, HTTP_UNSUPPORTED_MEDIA_TYPE } from '../http/status';
import type { Ingest, Log } from './ingest';
import { decodeBatch } from './jaeger-schema';
import { normalizeJaeger } from './normalize-jaeger';

export const JAEGER_TRACES_PATH = '/api/traces';

/** What Jaeger's collector accepts on /api/traces (and what jaeger-client's HTTPSender sends). */
const THRIFT_TYPES = new Set(['application/x-thrift', 'application/vnd.apache.thrift.binary']);

/** Jaeger collector's HTTP endpoint: POST /api/traces, a Thrift binary-protocol Batch. */
export function handleJaegerThrift(maxBodyBytes: number, ingest: Ingest, log: Log) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const type = mediaType(request);
    const fail = (statusCode: number, message: string): void => {
      log(`Jaeger Thrift ${request.method} ${request.url} (${type || 'no content type'}) refused: ${message}`);
      sendJson(response, statusCode, { error: message });
    };
    if (request.method !== 'POST') {
      request.resume();
      response.setHeader('Allow', 'POST');
      return fail(HTTP_METHOD_NOT_ALLOWED, `${request.method} not allowed, use POST`);
    }
    if (!THRIFT_TYPES.has(type)) {
      request.resume();
      return fail(HTTP_UNSUPPORTED_MEDIA_TYPE, `Content-Type must be one of ${[...THRIFT_TYPES].join(', ')}, got "${type}"`);
    }
    try {
      ingest(normalizeJaeger(decodeBatch(await readBody(request, maxBodyBytes))));
    } catch (error) {
      if (error instanceof BodyError) return fail(error.statusCode, error.message);
      return fail(HTTP_BAD_REQUEST, `cannot decode Thrift Batch: ${(error as Error).message}`);
    }
    response.writeHead(HTTP_ACCEPTED).end();
  };
}
