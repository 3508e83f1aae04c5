import type { SpanKind, SpanStatusCode } from '@opentelemetry/api';

/** An attribute value as the wire formats carry it (OTLP AnyValue / Jaeger tag), made plain. */
export type AttributeValue = string | number | boolean | Array<string | number | boolean>;
export type Attributes = Record<string, AttributeValue>;

/** Which wire format a span arrived in. */
export type Protocol =
  | 'otlp-http-protobuf'
  | 'otlp-http-json'
  | 'otlp-grpc'
  | 'jaeger-thrift'
  /** Thrift binary protocol over UDP, the Jaeger agent's 6832 (what @opentelemetry/exporter-jaeger sends without an endpoint). */
  | 'jaeger-thrift-udp-binary'
  /** Thrift compact protocol over UDP, the Jaeger agent's 6831. */
  | 'jaeger-thrift-udp-compact';

export interface ReceivedEvent {
  name: string;
  timeUnixNano: string;
  attributes: Attributes;
}

export interface ReceivedLink {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

/**
 * One span, normalized to the same shape whatever protocol carried it.
 * Ids are lower-case hex (trace 32 chars, span 16 chars); times are decimal strings of
 * nanoseconds since the epoch, since they do not fit a JS number exactly.
 */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** Absent for a root span. */
  parentSpanId?: string;
  name: string;
  kind: SpanKind;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  durationMs: number;
  attributes: Attributes;
  events: ReceivedEvent[];
  links: ReceivedLink[];
  status: { code: SpanStatusCode; message?: string };
  /** Resource attributes of the process that sent the span. */
  resource: Attributes;
  /** resource['service.name'], for convenience. */
  serviceName: string;
  scope: { name: string; version?: string };
  protocol: Protocol;
}

/** All spans of one trace id received so far. */
export interface Trace {
  traceId: string;
  spans: ReceivedSpan[];
}

export interface ReceiverOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /**
   * Ports; 0 picks a free one. Defaults are Jaeger all-in-one's: 4318, 4317, 14268, 5778, and
   * 16686 for the web UI and Jaeger's query API, and the Jaeger agent's UDP ports 6831 (compact
   * Thrift) and 6832 (binary Thrift). Tests spread FREE_PORTS to get free ones for all.
   */
  otlpHttpPort?: number;
  otlpGrpcPort?: number;
  jaegerHttpPort?: number;
  samplingPort?: number;
  uiPort?: number;
  jaegerCompactUdpPort?: number;
  jaegerBinaryUdpPort?: number;
  /** Jaeger strategies-file JSON (object or path) served on the sampling port. */
  samplingStrategies?: string | object;
  /** How many traces to keep; older ones are dropped first. Default 1000. */
  maxTraces?: number;
  /** Print each finished trace as a waterfall to this stream (CLI: stdout). Default: none. */
  print?: NodeJS.WritableStream;
  /** Largest request body accepted, bytes. Default 20 MiB. */
  maxBodyBytes?: number;
  /** A trace counts as finished (and is printed) once no span arrived for it for this long. Default 1500. */
  quietPeriodMs?: number;
  /** Receives one line per refused payload or failure. Default: written to stderr. */
  log?: (message: string) => void;
  /** The built web UI served on the UI port. Default: the package's dist/web. */
  webDir?: string;
}

export interface Receiver {
  /** The ports actually bound. */
  ports: {
    otlpHttp: number;
    otlpGrpc: number;
    jaegerHttp: number;
    sampling: number;
    ui: number;
    jaegerCompactUdp: number;
    jaegerBinaryUdp: number;
  };
  /** Every span held, in arrival order. */
  spans(): ReceivedSpan[];
  traces(): Trace[];
  /** Resolves with the first trace (existing or future) that satisfies the predicate. */
  waitForTrace(predicate: (trace: Trace) => boolean, options?: { timeoutMs?: number }): Promise<Trace>;
  /** Resolves once the spans held satisfy the predicate; returns them. */
  waitForSpans(predicate: (spans: ReceivedSpan[]) => boolean, options?: { timeoutMs?: number }): Promise<ReceivedSpan[]>;
  clear(): void;
  close(): Promise<void>;
}
