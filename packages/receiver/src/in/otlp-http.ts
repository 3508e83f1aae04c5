import { status as GrpcStatus } from '@grpc/grpc-js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyError, mediaType, readBody } from './http-body';
import { HTTP_BAD_REQUEST, HTTP_METHOD_NOT_ALLOWED, HTTP_OK, HTTP_UNSUPPORTED_MEDIA_TYPE } from '../http/status';
import type { Ingest, Log } from './ingest';
import { normalizeOtlp } from './normalize-otlp';
import { decodeExportRequest, ExportTraceServiceResponse, RpcStatus } from './otlp-schema';
import { InvalidPayloadError } from './otlp-values';
import type { Protocol } from '../types';

export const OTLP_TRACES_PATH = '/v1/traces';

const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

/** OTLP/HTTP: POST /v1/traces with a protobuf or JSON ExportTraceServiceRequest, maybe gzipped. */
export function handleOtlpHttp(maxBodyBytes: number, ingest: Ingest, log: Log) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const type = mediaType(request);
    const protocol: Protocol = type === JSON_TYPE ? 'otlp-http-json' : 'otlp-http-protobuf';
    const fail = (statusCode: number, message: string): void => {
      log(`OTLP/HTTP ${request.method} ${request.url} (${type || 'no content type'}) refused: ${message}`);
      reply(response, statusCode, protocol, RpcStatus.fromObject({ code: GrpcStatus.INVALID_ARGUMENT, message }));
    };
    if (request.method !== 'POST') {
      response.setHeader('Allow', 'POST');
      request.resume();
      return fail(HTTP_METHOD_NOT_ALLOWED, `${request.method} not allowed, use POST`);
    }
    if (type !== PROTOBUF && type !== JSON_TYPE) {
      request.resume();
      return fail(HTTP_UNSUPPORTED_MEDIA_TYPE, `Content-Type must be ${PROTOBUF} or ${JSON_TYPE}, got "${type}"`);
    }
    try {
      const body = await readBody(request, maxBodyBytes);
      const decoded = protocol === 'otlp-http-json' ? JSON.parse(body.toString('utf8')) : decodeExportRequest(body);
      ingest(normalizeOtlp(decoded, protocol));
    } catch (error) {
      if (error instanceof BodyError) return fail(error.statusCode, error.message);
      // JSON.parse throws SyntaxError; protobufjs throws RangeError/Error on truncated or foreign bytes.
      const reason = error instanceof InvalidPayloadError ? error.message : `cannot decode: ${(error as Error).message}`;
      return fail(HTTP_BAD_REQUEST, reason);
    }
    reply(response, HTTP_OK, protocol, ExportTraceServiceResponse.create({}));
  };
}

function reply(
  response: ServerResponse,
  statusCode: number,
  protocol: Protocol,
  message: ReturnType<typeof RpcStatus.create>,
): void {
  const type = message.$type;
  const body =
    protocol === 'otlp-http-json'
      ? JSON.stringify(type.toObject(message))
      : Buffer.from(type.encode(message).finish());
  response.writeHead(statusCode, {
    'Content-Type': protocol === 'otlp-http-json' ? JSON_TYPE : PROTOBUF,
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(body);
}
