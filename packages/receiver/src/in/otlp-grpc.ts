import { Server, ServerCredentials, status, type ServiceDefinition, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import type { Ingest, Log } from './ingest';
import { normalizeOtlp } from './normalize-otlp';
import { decodeExportRequest, EXPORT_GRPC_PATH, ExportTraceServiceResponse } from './otlp-schema';
import { InvalidPayloadError } from './otlp-values';

/**
 * TraceService/Export. Requests are kept as bytes by grpc-js and decoded in the handler, so that
 * a bad message is answered with INVALID_ARGUMENT and logged; messages over maxBytes are refused
 * by grpc-js itself with RESOURCE_EXHAUSTED. gzip is handled by grpc-js.
 */
const traceService: ServiceDefinition = {
  Export: {
    path: EXPORT_GRPC_PATH,
    requestStream: false,
    responseStream: false,
    requestDeserialize: (bytes: Buffer) => bytes,
    requestSerialize: (bytes: Buffer) => bytes,
    responseSerialize: (response: object) => Buffer.from(ExportTraceServiceResponse.encode(response).finish()),
    responseDeserialize: (bytes: Buffer) => ExportTraceServiceResponse.decode(bytes),
  },
};

export async function startOtlpGrpc(host: string, port: number, maxBytes: number, ingest: Ingest, log: Log) {
  const server = new Server({ 'grpc.max_receive_message_length': maxBytes });
  server.addService(traceService, {
    Export: (call: ServerUnaryCall<Buffer, object>, callback: sendUnaryData<object>) => {
      try {
        ingest(normalizeOtlp(decodeExportRequest(call.request), 'otlp-grpc'));
      } catch (error) {
        const reason = error instanceof InvalidPayloadError ? error.message : `cannot decode: ${(error as Error).message}`;
        log(`OTLP/gRPC Export refused: ${reason}`);
        return callback({ code: status.INVALID_ARGUMENT, details: reason });
      }
      callback(null, ExportTraceServiceResponse.create({}));
    },
  });
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const boundPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address, ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    port: boundPort,
    // Exporters keep their channel open; waiting for them to go would stall close().
    close: async () => server.forceShutdown(),
  };
}
