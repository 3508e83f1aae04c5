import { Env, EnvReader, isHttpUrl } from './env-reader';
import {
  INSTRUMENTATION_NAMES,
  InstrumentationName,
  InstrumentationOptions,
  readAppInstrumentationOptions,
  readInstrumentationOptions,
} from './instrumentation-options';
import { unknownVariableWarnings } from './unknown-variables';
import { VARIABLES } from './variables';

export const EXPORTERS = ['otlp', 'jaeger', 'console', 'none'] as const;
export type ExporterName = (typeof EXPORTERS)[number];

export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

export const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
  'jaeger_remote',
  'parentbased_jaeger_remote',
] as const;
export type SamplerName = (typeof SAMPLERS)[number];

export const PROPAGATORS = ['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger', 'none'] as const;
export type PropagatorName = Exclude<(typeof PROPAGATORS)[number], 'none'>;

/** "env" is OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME, which the kit always applies. */
export const RESOURCE_DETECTORS = ['env', 'host', 'os', 'process', 'container', 'serviceinstance'] as const;
export type ResourceDetectorName = (typeof RESOURCE_DETECTORS)[number];

const LOG_LEVELS = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface OtlpSettings {
  protocol: OtlpProtocol;
  /** Full traces URL for HTTP; scheme://host:port for gRPC. */
  url: string;
  headers: Record<string, string>;
  timeoutMillis: number;
  compression: 'gzip' | 'none';
}

export interface JaegerSettings {
  /** Collector HTTP Thrift endpoint; when unset the agent (UDP) is used. */
  endpoint?: string;
  agentHost: string;
  agentPort: number;
  username?: string;
  password?: string;
}

export interface SamplerSettings {
  name: SamplerName;
  /** For the traceidratio samplers. */
  ratio: number;
  /** For the jaeger_remote samplers. */
  remote: { endpoint: string; pollingIntervalMs: number; initialSamplingRate: number };
}

export interface BatchSettings {
  scheduledDelayMillis: number;
  exportTimeoutMillis: number;
  maxQueueSize: number;
  maxExportBatchSize: number;
}

/** The SDK's span limits, in the shape its TracerProvider takes. */
export interface SpanLimitSettings {
  /** Infinity: no limit. */
  attributeValueLengthLimit: number;
  attributeCountLimit: number;
  eventCountLimit: number;
  linkCountLimit: number;
  attributePerEventCountLimit: number;
  attributePerLinkCountLimit: number;
}

/** Everything the kit needs to start, validated. Built only by readSettings(). */
export interface KitSettings {
  disabled: boolean;
  logLevel: LogLevel;
  quiet: boolean;
  /** From OTEL_SERVICE_NAME; the resource falls back to the app's package.json. */
  serviceName?: string;
  /** From OTEL_RESOURCE_ATTRIBUTES. */
  resourceAttributes: Record<string, string>;
  resourceDetectors: ResourceDetectorName[];
  exporters: ExporterName[];
  otlp: OtlpSettings;
  jaeger: JaegerSettings;
  sampler: SamplerSettings;
  propagators: PropagatorName[];
  batch: BatchSettings;
  spanLimits: SpanLimitSettings;
  /** The enabled instrumentations, built in or found in the app, each with its options (any value, given in code). */
  instrumentations: Record<string, InstrumentationOptions | Record<string, unknown>>;
  ignorePaths: string[];
  redactQueryKeys: string[];
  captureHttpHeaders: string[];
}

export interface SettingsResult {
  settings: KitSettings;
  warnings: string[];
}

const defaultOf = (name: string): string => VARIABLES.find((variable) => variable.name === name)?.default ?? '';
const DEFAULT_IGNORE_PATHS = defaultOf('KIT_IGNORE_PATHS').split(',');
const DEFAULT_REDACT_QUERY_KEYS = defaultOf('KIT_REDACT_QUERY_KEYS').split(',');
const DEFAULT_DETECTORS = defaultOf('OTEL_NODE_RESOURCE_DETECTORS').split(',') as ResourceDetectorName[];
/** Headers that carry credentials: never recorded, whatever the allowlist says. */
const NEVER_CAPTURED_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'];

/**
 * Reads and validates the whole configuration from an environment. Pure: no SDK imports, no I/O.
 * `appInstrumentations`: the names of the official instrumentations the app lists in its
 * package.json (ioredis for @opentelemetry/instrumentation-ioredis), found by the caller;
 * `labels`: how warnings name variables that stand for startTracing() options.
 */
export function readSettings(env: Env, appInstrumentations: readonly string[] = [], labels: Readonly<Record<string, string>> = {}): SettingsResult {
  const reader = new EnvReader(env, labels);
  const settings: KitSettings = {
    disabled: reader.boolean('OTEL_SDK_DISABLED', false),
    logLevel: reader.choice('OTEL_LOG_LEVEL', LOG_LEVELS, 'none'),
    quiet: reader.boolean('KIT_QUIET', false),
    serviceName: reader.string('OTEL_SERVICE_NAME'),
    resourceAttributes: reader.keyValues('OTEL_RESOURCE_ATTRIBUTES'),
    resourceDetectors: reader.choices('OTEL_NODE_RESOURCE_DETECTORS', [...RESOURCE_DETECTORS, 'all', 'none'], DEFAULT_DETECTORS).flatMap(expandDetectors),
    exporters: readExporters(reader),
    otlp: readOtlp(reader),
    jaeger: readJaeger(reader),
    sampler: readSampler(reader),
    propagators: reader
      .choices('OTEL_PROPAGATORS', PROPAGATORS, ['tracecontext', 'baggage'])
      .filter((name): name is PropagatorName => name !== 'none'),
    batch: readBatch(reader),
    spanLimits: readSpanLimits(reader),
    instrumentations: readInstrumentations(reader, env, appInstrumentations),
    // Matched case-insensitively, as Express routes /Health to the /health handler.
    ignorePaths: (reader.list('KIT_IGNORE_PATHS') ?? DEFAULT_IGNORE_PATHS).map((path) => path.toLowerCase()),
    redactQueryKeys: readRedactQueryKeys(reader),
    captureHttpHeaders: readCapturedHeaders(reader),
  };
  if (settings.exporters.includes('jaeger') && !settings.jaeger.endpoint && !reader.string('OTEL_EXPORTER_JAEGER_AGENT_HOST') && !reader.string('OTEL_EXPORTER_JAEGER_AGENT_PORT')) {
    // The agent's default port: UDP, so nothing ever says that nobody listens there.
    reader.warnings.push(
      'OTEL_EXPORTER_JAEGER_ENDPOINT is unset: the jaeger exporter sends spans over UDP to localhost:6832, where kit-receiver listens but Jaeger v2 (as in deploy/) does not; set OTEL_EXPORTER_JAEGER_ENDPOINT=http://<jaeger>:14268/api/traces or use OTEL_TRACES_EXPORTER=otlp',
    );
  }
  if (settings.exporters.includes('otlp')) {
    const variable = reader.string('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT';
    const mismatch = otlpPortMismatch(settings.otlp, labels[variable] ?? variable, labels.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'OTEL_EXPORTER_OTLP_PROTOCOL');
    if (mismatch) reader.warnings.push(mismatch);
  }
  for (const signal of ['OTEL_METRICS_EXPORTER', 'OTEL_LOGS_EXPORTER']) {
    const value = reader.string(signal);
    if (value !== undefined && value.toLowerCase() !== 'none') {
      reader.warn(signal, value, 'is not supported: @kit/register exports traces only', 'none');
    }
  }
  return { settings, warnings: [...reader.warnings, ...unknownVariableWarnings(env, appInstrumentations)] };
}

function expandDetectors(name: ResourceDetectorName | 'all' | 'none'): ResourceDetectorName[] {
  if (name === 'all') return [...RESOURCE_DETECTORS];
  return name === 'none' ? [] : [name];
}

function readExporters(reader: EnvReader): ExporterName[] {
  const names = reader.choices('OTEL_TRACES_EXPORTER', EXPORTERS, ['otlp']);
  // "none" alongside others means nothing: keep the real ones.
  return names.length > 1 ? names.filter((name) => name !== 'none') : names;
}

function readOtlp(reader: EnvReader): OtlpSettings {
  const protocol = reader.choice(
    'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
    OTLP_PROTOCOLS,
    reader.choice('OTEL_EXPORTER_OTLP_PROTOCOL', OTLP_PROTOCOLS, 'http/protobuf'),
  );
  const grpc = protocol === 'grpc';
  const base = reader.url('OTEL_EXPORTER_OTLP_ENDPOINT') ?? (grpc ? 'http://localhost:4317' : 'http://localhost:4318');
  const perSignal = reader.url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const url = perSignal ?? (grpc ? base : `${base.replace(/\/+$/, '')}/v1/traces`);
  const timeout = reader.integer('OTEL_EXPORTER_OTLP_TIMEOUT', 10_000, 1);
  const compression = reader.choice('OTEL_EXPORTER_OTLP_COMPRESSION', ['gzip', 'none'] as const, 'none');
  return {
    protocol,
    url,
    headers: { ...reader.keyValues('OTEL_EXPORTER_OTLP_HEADERS'), ...reader.keyValues('OTEL_EXPORTER_OTLP_TRACES_HEADERS') },
    timeoutMillis: reader.integer('OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', timeout, 1),
    compression: reader.choice('OTEL_EXPORTER_OTLP_TRACES_COMPRESSION', ['gzip', 'none'] as const, compression),
  };
}

/** OTLP's registered ports: an endpoint on the other protocol's port is a likely mistake (exports fail). */
const OTLP_PORTS = { grpc: '4317', http: '4318' } as const;

function otlpPortMismatch({ protocol, url }: OtlpSettings, variable: string, protocolVariable: string): string | undefined {
  const port = new URL(url).port;
  const grpc = protocol === 'grpc';
  if (port !== (grpc ? OTLP_PORTS.http : OTLP_PORTS.grpc)) return undefined;
  const [own, other] = grpc ? ['HTTP', 'grpc'] : ['gRPC', protocol];
  return `${variable} is on port ${port}, OTLP's ${own} port, but the protocol is ${other}: exports fail unless the collector takes ${other} there; use port ${grpc ? OTLP_PORTS.grpc : OTLP_PORTS.http}, or set ${protocolVariable}=${grpc ? 'http/protobuf' : 'grpc'}`;
}

function readJaeger(reader: EnvReader): JaegerSettings {
  return {
    endpoint: reader.url('OTEL_EXPORTER_JAEGER_ENDPOINT'),
    agentHost: reader.string('OTEL_EXPORTER_JAEGER_AGENT_HOST') ?? 'localhost',
    agentPort: reader.integer('OTEL_EXPORTER_JAEGER_AGENT_PORT', 6832, 1, 65_535),
    username: reader.string('OTEL_EXPORTER_JAEGER_USER'),
    password: reader.string('OTEL_EXPORTER_JAEGER_PASSWORD'),
  };
}

function readSampler(reader: EnvReader): SamplerSettings {
  const name = reader.choice('OTEL_TRACES_SAMPLER', SAMPLERS, 'parentbased_always_on');
  const sampler: SamplerSettings = {
    name,
    ratio: 1,
    remote: { endpoint: 'http://localhost:5778', pollingIntervalMs: 60_000, initialSamplingRate: 0.001 },
  };
  const arg = reader.string('OTEL_TRACES_SAMPLER_ARG');
  if (arg === undefined) return sampler;
  if (name.endsWith('traceidratio')) {
    sampler.ratio = readRatio(reader, 'OTEL_TRACES_SAMPLER_ARG', arg, 1);
  } else if (name.endsWith('jaeger_remote')) {
    sampler.remote = readRemoteSamplerArg(reader, arg, sampler.remote);
  } else {
    // Most often a ratio set without its sampler: say so rather than trace everything silently.
    const why = reader.string('OTEL_TRACES_SAMPLER') === undefined ? 'is set without OTEL_TRACES_SAMPLER' : `is not read by the sampler ${name}`;
    reader.warn('OTEL_TRACES_SAMPLER_ARG', arg, `${why} (a ratio needs OTEL_TRACES_SAMPLER=parentbased_traceidratio)`, `${name}, with no argument`);
  }
  return sampler;
}

function readRatio(reader: EnvReader, name: string, raw: string, fallback: number): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    reader.warn(name, raw, 'is not a ratio in [0, 1]', String(fallback));
    return fallback;
  }
  return value;
}

/** The spec's jaeger_remote argument: endpoint=...,pollingIntervalMs=...,initialSamplingRate=... */
function readRemoteSamplerArg(reader: EnvReader, arg: string, defaults: SamplerSettings['remote']): SamplerSettings['remote'] {
  const remote = { ...defaults };
  const name = 'OTEL_TRACES_SAMPLER_ARG';
  for (const pair of arg.split(',')) {
    const [key, ...rest] = pair.split('=');
    const value = rest.join('=').trim();
    switch (key.trim()) {
      case 'endpoint':
        if (isHttpUrl(value)) remote.endpoint = value.replace(/\/+$/, '');
        else reader.warn(name, pair, 'has an endpoint that is not an http(s) URL', remote.endpoint);
        break;
      case 'pollingIntervalMs': {
        const ms = Number(value);
        if (Number.isInteger(ms) && ms >= 100) remote.pollingIntervalMs = ms;
        else reader.warn(name, pair, 'has a pollingIntervalMs that is not an integer >= 100', String(remote.pollingIntervalMs));
        break;
      }
      case 'initialSamplingRate':
        remote.initialSamplingRate = readRatio(reader, `${name} initialSamplingRate`, value, remote.initialSamplingRate);
        break;
      default:
        reader.warn(name, pair, 'is not endpoint, pollingIntervalMs or initialSamplingRate', 'nothing for it');
    }
  }
  return remote;
}

function readBatch(reader: EnvReader): BatchSettings {
  const maxQueueSize = reader.integer('OTEL_BSP_MAX_QUEUE_SIZE', 2048, 1);
  let maxExportBatchSize = reader.integer('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', Math.min(512, maxQueueSize), 1);
  if (maxExportBatchSize > maxQueueSize) {
    reader.warn('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', String(maxExportBatchSize), 'is larger than OTEL_BSP_MAX_QUEUE_SIZE', String(maxQueueSize));
    maxExportBatchSize = maxQueueSize;
  }
  return {
    scheduledDelayMillis: reader.integer('OTEL_BSP_SCHEDULE_DELAY', 5000, 0),
    exportTimeoutMillis: reader.integer('OTEL_BSP_EXPORT_TIMEOUT', 30_000, 1),
    maxQueueSize,
    maxExportBatchSize,
  };
}

/**
 * The spec's span limits: each OTEL_SPAN_* / OTEL_EVENT_* / OTEL_LINK_* variable over the general
 * OTEL_ATTRIBUTE_* one. The SDK's TracerProvider no longer reads them itself. A value length of 0
 * is refused here: the SDK would ignore it with a warning on every span.
 */
function readSpanLimits(reader: EnvReader): SpanLimitSettings {
  const valueLength = reader.integer('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', Infinity, 1);
  const count = reader.integer('OTEL_ATTRIBUTE_COUNT_LIMIT', 128, 0);
  return {
    attributeValueLengthLimit: reader.integer('OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', valueLength, 1),
    attributeCountLimit: reader.integer('OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', count, 0),
    eventCountLimit: reader.integer('OTEL_SPAN_EVENT_COUNT_LIMIT', 128, 0),
    linkCountLimit: reader.integer('OTEL_SPAN_LINK_COUNT_LIMIT', 128, 0),
    attributePerEventCountLimit: reader.integer('OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT', count, 0),
    attributePerLinkCountLimit: reader.integer('OTEL_LINK_ATTRIBUTE_COUNT_LIMIT', count, 0),
  };
}

function readInstrumentations(reader: EnvReader, env: Env, appInstrumentations: readonly string[]): KitSettings['instrumentations'] {
  const builtIn: readonly string[] = INSTRUMENTATION_NAMES;
  const all = [...builtIn, ...appInstrumentations.filter((name) => !builtIn.includes(name))];
  const enabled = readEnabledInstrumentations(reader, all);
  const disabled = reader.choices('OTEL_NODE_DISABLED_INSTRUMENTATIONS', all, []);
  const variables = Object.keys(env);
  const result: KitSettings['instrumentations'] = {};
  for (const name of enabled) {
    if (disabled.includes(name)) continue;
    result[name] = builtIn.includes(name)
      ? readInstrumentationOptions(reader, name as InstrumentationName)
      : readAppInstrumentationOptions(reader, name, variables);
  }
  return result;
}

/** A plausible instrumentation name, for which `npm install` is worth suggesting. */
const PACKAGE_NAME_PART = /^[a-z0-9][a-z0-9._-]{0,39}$/;
/** At most this many names in the suggested `npm install`, so that the warning stays one short line. */
const MAX_SUGGESTED = 3;

/**
 * OTEL_NODE_ENABLED_INSTRUMENTATIONS; names neither built in nor installed get one warning with
 * the command that would install them.
 */
function readEnabledInstrumentations(reader: EnvReader, all: string[]): string[] {
  const variable = 'OTEL_NODE_ENABLED_INSTRUMENTATIONS';
  const names = reader.list(variable)?.map((name) => name.toLowerCase());
  if (names === undefined) return all;
  const known = names.filter((name) => all.includes(name));
  const result = known.length > 0 ? known : all;
  const unknown = names.filter((name) => !all.includes(name));
  if (unknown.length > 0) {
    const installable = unknown.filter((name) => PACKAGE_NAME_PART.test(name)).slice(0, MAX_SUGGESTED);
    const fix = installable.length > 0 ? `; to add: npm install ${installable.map((name) => `@opentelemetry/instrumentation-${name}`).join(' ')}` : '';
    reader.warn(variable, unknown.join(','), `is neither built in nor in the app's package.json${fix}`, result.join(','));
  }
  return result;
}

/** Marks a KIT_REDACT_QUERY_KEYS list that replaces the defaults instead of adding to them. */
const REPLACE_PREFIX = 'only:';

/**
 * A privacy list must not shrink by adding to it: the keys given are added to the defaults,
 * unless the value starts with `only:` (`only:token,otp`), which replaces them.
 */
function readRedactQueryKeys(reader: EnvReader): string[] {
  const keys = (reader.list('KIT_REDACT_QUERY_KEYS') ?? []).map((key) => key.toLowerCase());
  const replace = keys[0]?.startsWith(REPLACE_PREFIX) ?? false;
  if (replace) keys[0] = keys[0].slice(REPLACE_PREFIX.length).trim();
  return [...new Set([...(replace ? [] : DEFAULT_REDACT_QUERY_KEYS), ...keys.filter(Boolean)])];
}

function readCapturedHeaders(reader: EnvReader): string[] {
  const headers = (reader.list('KIT_CAPTURE_HTTP_HEADERS') ?? []).map((header) => header.toLowerCase());
  const refused = headers.filter((header) => NEVER_CAPTURED_HEADERS.includes(header));
  if (refused.length > 0) {
    reader.warn('KIT_CAPTURE_HTTP_HEADERS', refused.join(','), 'names credential headers, which are never recorded', 'the rest');
  }
  return headers.filter((header) => !NEVER_CAPTURED_HEADERS.includes(header));
}
