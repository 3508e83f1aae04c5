import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';

/**
 * The OTLP trace schema, loaded at run time from the official opentelemetry-proto files.
 *
 * @opentelemetry/otlp-transformer no longer ships .proto files nor a decoder, and no
 * OpenTelemetry npm package does. @elastic/mockotlpserver ships the opentelemetry-proto
 * files unmodified (v1.4.0, Apache-2.0), so we depend on it for those files only.
 */
const PROTO_ROOT = join(dirname(require.resolve('@elastic/mockotlpserver/package.json')), 'opentelemetry', 'proto');
const TRACE_SERVICE_PROTO = join(PROTO_ROOT, 'collector', 'trace', 'v1', 'trace_service.proto');

const TRACE_SERVICE = 'opentelemetry.proto.collector.trace.v1.TraceService';

function loadRoot(): protobuf.Root {
  const root = new protobuf.Root();
  // The protos import each other as "opentelemetry/proto/...", relative to the folder above PROTO_ROOT.
  root.resolvePath = (_origin, target) =>
    target.startsWith('opentelemetry/') ? join(PROTO_ROOT, '..', '..', target) : target;
  return root.loadSync(TRACE_SERVICE_PROTO, { keepCase: false });
}

const root = loadRoot();
const exportMethod = root.lookupService(TRACE_SERVICE).methods.Export.resolve() as protobuf.Method;

export const ExportTraceServiceRequest = exportMethod.resolvedRequestType!;
export const ExportTraceServiceResponse = exportMethod.resolvedResponseType!;
export const SpanKindEnum = root.lookupEnum('opentelemetry.proto.trace.v1.Span.SpanKind');
export const StatusCodeEnum = root.lookupEnum('opentelemetry.proto.trace.v1.Status.StatusCode');

/** gRPC path of TraceService/Export, taken from the schema. */
export const EXPORT_GRPC_PATH = `/${TRACE_SERVICE}/${exportMethod.name}`;

/**
 * google.rpc.Status, which OTLP/HTTP returns in error responses. It is not part of the
 * opentelemetry-proto files; its two scalar fields are declared here (details stays empty).
 */
export const RpcStatus = new protobuf.Type('Status')
  .add(new protobuf.Field('code', 1, 'int32'))
  .add(new protobuf.Field('message', 2, 'string'));
new protobuf.Root().define('google.rpc').add(RpcStatus);

/** Decodes an ExportTraceServiceRequest into a plain object (int64 as decimal strings, bytes as Buffers). */
export function decodeExportRequest(body: Uint8Array): unknown {
  const message = ExportTraceServiceRequest.decode(body);
  return ExportTraceServiceRequest.toObject(message, { longs: String, enums: Number, arrays: true });
}
