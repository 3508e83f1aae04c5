/**
 * Every environment variable @kit/register reads, with its default and an example.
 * This one table drives the "did you mean" check for misspelt names and the README's table.
 */
export interface VariableDoc {
  name: string;
  default: string;
  example: string;
  description: string;
}

export const VARIABLES: readonly VariableDoc[] = [
  { name: 'OTEL_SDK_DISABLED', default: 'false', example: 'true', description: 'Turn the kit off entirely.' },
  { name: 'OTEL_LOG_LEVEL', default: 'none', example: 'debug', description: "The SDK's own diagnostics on stderr: none, error, warn, info, debug, verbose, all." },
  { name: 'OTEL_SERVICE_NAME', default: "app's package.json name", example: 'checkout', description: 'service.name of every span.' },
  { name: 'OTEL_RESOURCE_ATTRIBUTES', default: '', example: 'deployment.environment.name=prod,service.version=1.2.0', description: 'Extra resource attributes (percent-encoded key=value list).' },
  { name: 'OTEL_NODE_RESOURCE_DETECTORS', default: 'env,host,os,process,container', example: 'env,host', description: 'Resource detectors to run; cloud detectors are not bundled.' },
  { name: 'OTEL_TRACES_EXPORTER', default: 'otlp', example: 'otlp,console', description: 'otlp, jaeger, console or none; a comma list sends to several.' },
  { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', default: 'http/protobuf', example: 'grpc', description: 'http/protobuf, http/json or grpc.' },
  { name: 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', default: 'OTEL_EXPORTER_OTLP_PROTOCOL', example: 'http/json', description: 'Protocol for traces only.' },
  { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', default: 'http://localhost:4318 (grpc: http://localhost:4317)', example: 'http://collector:4318', description: 'Base URL; /v1/traces is appended for HTTP.' },
  { name: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', default: 'OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces', example: 'http://collector:4318/v1/traces', description: 'Full URL for traces, used as is.' },
  { name: 'OTEL_EXPORTER_OTLP_HEADERS', default: '', example: 'api-key=secret', description: 'Headers on every export (values are masked in logs).' },
  { name: 'OTEL_EXPORTER_OTLP_TRACES_HEADERS', default: '', example: 'x-tenant=a', description: 'Headers for traces, merged over OTEL_EXPORTER_OTLP_HEADERS.' },
  { name: 'OTEL_EXPORTER_OTLP_TIMEOUT', default: '10000', example: '5000', description: 'Export timeout in ms; also bounds the flush at shutdown.' },
  { name: 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', default: 'OTEL_EXPORTER_OTLP_TIMEOUT', example: '5000', description: 'Export timeout for traces, ms.' },
  { name: 'OTEL_EXPORTER_OTLP_COMPRESSION', default: 'none', example: 'gzip', description: 'gzip or none.' },
  { name: 'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION', default: 'OTEL_EXPORTER_OTLP_COMPRESSION', example: 'gzip', description: 'Compression for traces only.' },
  { name: 'OTEL_EXPORTER_JAEGER_ENDPOINT', default: '', example: 'http://localhost:14268/api/traces', description: 'Jaeger collector HTTP Thrift endpoint (exporter jaeger); unset, spans go over UDP to the agent (kit-receiver listens there, Jaeger v2 does not: warned).' },
  { name: 'OTEL_EXPORTER_JAEGER_AGENT_HOST', default: 'localhost', example: 'jaeger-agent', description: 'Jaeger agent UDP host, used when no endpoint is set.' },
  { name: 'OTEL_EXPORTER_JAEGER_AGENT_PORT', default: '6832', example: '6831', description: 'Jaeger agent UDP port.' },
  { name: 'OTEL_EXPORTER_JAEGER_USER', default: '', example: 'jaeger', description: 'Basic auth user for the Jaeger endpoint.' },
  { name: 'OTEL_EXPORTER_JAEGER_PASSWORD', default: '', example: 'secret', description: 'Basic auth password for the Jaeger endpoint.' },
  { name: 'OTEL_TRACES_SAMPLER', default: 'parentbased_always_on', example: 'parentbased_traceidratio', description: 'always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio, jaeger_remote, parentbased_jaeger_remote.' },
  { name: 'OTEL_TRACES_SAMPLER_ARG', default: '1.0 (ratio); jaeger_remote: [below](#more-on-some-variables)', example: '0.25 or endpoint=http://jaeger:5778,pollingIntervalMs=5000,initialSamplingRate=0.25', description: 'Ratio in [0, 1], or the jaeger_remote key=value list; warned when the sampler reads no argument.' },
  { name: 'OTEL_PROPAGATORS', default: 'tracecontext,baggage', example: 'tracecontext,baggage,jaeger', description: 'tracecontext, baggage, b3, b3multi, jaeger, none.' },
  { name: 'OTEL_BSP_SCHEDULE_DELAY', default: '5000', example: '1000', description: 'Batch span processor: ms between exports.' },
  { name: 'OTEL_BSP_EXPORT_TIMEOUT', default: '30000', example: '10000', description: 'Batch span processor: ms an export may take.' },
  { name: 'OTEL_BSP_MAX_QUEUE_SIZE', default: '2048', example: '4096', description: 'Batch span processor: spans queued at most; more are dropped.' },
  { name: 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', default: '512', example: '256', description: 'Batch span processor: spans per export (at most the queue size).' },
  { name: 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', default: 'no limit', example: '4096', description: 'Longer string (and byte array) attribute values are cut to this length.' },
  { name: 'OTEL_ATTRIBUTE_COUNT_LIMIT', default: '128', example: '64', description: 'Attributes kept per span, event and link; more are dropped and counted.' },
  { name: 'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', default: 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', example: '1024', description: 'The value length limit for spans and their events and links.' },
  { name: 'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', default: 'OTEL_ATTRIBUTE_COUNT_LIMIT', example: '64', description: 'Attributes kept per span.' },
  { name: 'OTEL_SPAN_EVENT_COUNT_LIMIT', default: '128', example: '32', description: 'Events kept per span.' },
  { name: 'OTEL_SPAN_LINK_COUNT_LIMIT', default: '128', example: '32', description: 'Links kept per span.' },
  { name: 'OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT', default: 'OTEL_ATTRIBUTE_COUNT_LIMIT', example: '16', description: 'Attributes kept per span event.' },
  { name: 'OTEL_LINK_ATTRIBUTE_COUNT_LIMIT', default: 'OTEL_ATTRIBUTE_COUNT_LIMIT', example: '16', description: 'Attributes kept per span link.' },
  { name: 'OTEL_NODE_ENABLED_INSTRUMENTATIONS', default: "http,undici,express,grpc,pg,pino,winston + the app's", example: 'http,undici,ioredis', description: "Only these instrumentations: built in, or official ones the app lists in its package.json (see Instrumentations)." },
  { name: 'OTEL_NODE_DISABLED_INSTRUMENTATIONS', default: '', example: 'pg,winston', description: 'All but these instrumentations.' },
  { name: 'OTEL_METRICS_EXPORTER', default: 'none', example: 'none', description: 'Only none: the kit does traces (Jaeger is a traces backend).' },
  { name: 'OTEL_LOGS_EXPORTER', default: 'none', example: 'none', description: 'Only none: the kit does traces.' },
  { name: 'KIT_QUIET', default: 'false', example: 'true', description: 'No start-up line (warnings are still printed).' },
  { name: 'KIT_IGNORE_PATHS', default: '/health,/healthz,/ready,/metrics', example: '/health,/status', description: 'Incoming HTTP paths (and gRPC health checks) that make no span: whole segments, any case (/health matches /Health and /health/db, not /healthcare); replaces the defaults.' },
  { name: 'KIT_REDACT_QUERY_KEYS', default: 'token,access_token,refresh_token,id_token,password,passwd,secret,client_secret,api_key,apikey,key,signature,sig,code,auth,authorization,session,x-amz-signature,x-goog-signature', example: 'otp', description: 'Query-string keys whose values become REDACTED in URL attributes (case-insensitive), added to the defaults; only:token,otp replaces them.' },
  { name: 'KIT_CAPTURE_HTTP_HEADERS', default: '', example: 'x-request-id,user-agent', description: 'Request/response headers recorded as span attributes; authorization and cookie never are.' },
];

/** Prefix of the per-instrumentation option variables, e.g. KIT_INSTR_PG_ENHANCED_DATABASE_REPORTING. */
export const INSTRUMENTATION_OPTION_PREFIX = 'KIT_INSTR_';
