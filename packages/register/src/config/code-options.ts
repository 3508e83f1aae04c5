import type { Env } from './env-reader';
import {
  readSettings,
  type BatchSettings,
  type ExporterName,
  type LogLevel,
  type OtlpProtocol,
  type PropagatorName,
  type ResourceDetectorName,
  type SamplerName,
  type SettingsResult,
  type SpanLimitSettings,
} from './settings';

/**
 * The options of startTracing(). Each means what its environment variable means (named below)
 * and goes through the same validation and warnings; options win over the environment, and
 * what is not given comes from the environment, then the defaults.
 */
export interface CodeOptions {
  /** OTEL_SDK_DISABLED */
  disabled?: boolean;
  /** OTEL_LOG_LEVEL */
  logLevel?: LogLevel;
  /** KIT_QUIET */
  quiet?: boolean;
  /** OTEL_SERVICE_NAME */
  serviceName?: string;
  /** OTEL_RESOURCE_ATTRIBUTES, merged over the variable's key by key. */
  resourceAttributes?: Record<string, string>;
  /** OTEL_NODE_RESOURCE_DETECTORS; [] for none. */
  resourceDetectors?: Array<ResourceDetectorName | 'all'>;
  /** OTEL_TRACES_EXPORTER; [] for none. */
  exporters?: ExporterName[];
  otlp?: {
    /** OTEL_EXPORTER_OTLP_TRACES_PROTOCOL */
    protocol?: OtlpProtocol;
    /** OTEL_EXPORTER_OTLP_ENDPOINT: the base URL, /v1/traces is appended for HTTP. */
    endpoint?: string;
    /** OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: the full URL, used as is. */
    tracesEndpoint?: string;
    /** OTEL_EXPORTER_OTLP_TRACES_HEADERS, merged over the variables' key by key; gRPC metadata too. */
    headers?: Record<string, string>;
    /** OTEL_EXPORTER_OTLP_TRACES_TIMEOUT */
    timeoutMillis?: number;
    /** OTEL_EXPORTER_OTLP_TRACES_COMPRESSION */
    compression?: 'gzip' | 'none';
  };
  jaeger?: {
    /** OTEL_EXPORTER_JAEGER_ENDPOINT */
    endpoint?: string;
    /** OTEL_EXPORTER_JAEGER_AGENT_HOST */
    agentHost?: string;
    /** OTEL_EXPORTER_JAEGER_AGENT_PORT */
    agentPort?: number;
    /** OTEL_EXPORTER_JAEGER_USER */
    username?: string;
    /** OTEL_EXPORTER_JAEGER_PASSWORD */
    password?: string;
  };
  sampler?: {
    /** OTEL_TRACES_SAMPLER */
    name?: SamplerName;
    /** OTEL_TRACES_SAMPLER_ARG of the traceidratio samplers. */
    ratio?: number;
    /** OTEL_TRACES_SAMPLER_ARG of the jaeger_remote samplers. */
    remote?: { endpoint?: string; pollingIntervalMs?: number; initialSamplingRate?: number };
  };
  /** OTEL_PROPAGATORS; [] for none. */
  propagators?: PropagatorName[];
  /** OTEL_BSP_* */
  batch?: Partial<BatchSettings>;
  /** OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT and the other span limits: the span's own variables, not the general OTEL_ATTRIBUTE_* ones. */
  spanLimits?: Partial<SpanLimitSettings>;
  /**
   * The instrumentations to run, and only these (as OTEL_NODE_ENABLED_INSTRUMENTATIONS, which
   * it replaces with OTEL_NODE_DISABLED_INSTRUMENTATIONS), each with options merged over its
   * KIT_INSTR_* variables: `{ http: {}, pg: { enhancedDatabaseReporting: true } }`; `{}` runs none.
   */
  instrumentations?: Record<string, Record<string, unknown>>;
  /** KIT_IGNORE_PATHS (replaces the defaults; [] ignores nothing). */
  ignorePaths?: string[];
  /** KIT_REDACT_QUERY_KEYS (added to the defaults; a first key `only:x` replaces them). */
  redactQueryKeys?: string[];
  /** KIT_CAPTURE_HTTP_HEADERS */
  captureHttpHeaders?: string[];
}

/** Each option's variable, by its path in CodeOptions. */
const VARIABLE_OF: Record<string, string> = {
  disabled: 'OTEL_SDK_DISABLED',
  logLevel: 'OTEL_LOG_LEVEL',
  quiet: 'KIT_QUIET',
  serviceName: 'OTEL_SERVICE_NAME',
  resourceAttributes: 'OTEL_RESOURCE_ATTRIBUTES',
  resourceDetectors: 'OTEL_NODE_RESOURCE_DETECTORS',
  exporters: 'OTEL_TRACES_EXPORTER',
  'otlp.protocol': 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
  'otlp.endpoint': 'OTEL_EXPORTER_OTLP_ENDPOINT',
  'otlp.tracesEndpoint': 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'otlp.headers': 'OTEL_EXPORTER_OTLP_TRACES_HEADERS',
  'otlp.timeoutMillis': 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT',
  'otlp.compression': 'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION',
  'jaeger.endpoint': 'OTEL_EXPORTER_JAEGER_ENDPOINT',
  'jaeger.agentHost': 'OTEL_EXPORTER_JAEGER_AGENT_HOST',
  'jaeger.agentPort': 'OTEL_EXPORTER_JAEGER_AGENT_PORT',
  'jaeger.username': 'OTEL_EXPORTER_JAEGER_USER',
  'jaeger.password': 'OTEL_EXPORTER_JAEGER_PASSWORD',
  'sampler.name': 'OTEL_TRACES_SAMPLER',
  'sampler.ratio': 'OTEL_TRACES_SAMPLER_ARG',
  'sampler.remote': 'OTEL_TRACES_SAMPLER_ARG',
  propagators: 'OTEL_PROPAGATORS',
  'batch.scheduledDelayMillis': 'OTEL_BSP_SCHEDULE_DELAY',
  'batch.exportTimeoutMillis': 'OTEL_BSP_EXPORT_TIMEOUT',
  'batch.maxQueueSize': 'OTEL_BSP_MAX_QUEUE_SIZE',
  'batch.maxExportBatchSize': 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
  'spanLimits.attributeValueLengthLimit': 'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT',
  'spanLimits.attributeCountLimit': 'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT',
  'spanLimits.eventCountLimit': 'OTEL_SPAN_EVENT_COUNT_LIMIT',
  'spanLimits.linkCountLimit': 'OTEL_SPAN_LINK_COUNT_LIMIT',
  'spanLimits.attributePerEventCountLimit': 'OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT',
  'spanLimits.attributePerLinkCountLimit': 'OTEL_LINK_ATTRIBUTE_COUNT_LIMIT',
  ignorePaths: 'KIT_IGNORE_PATHS',
  redactQueryKeys: 'KIT_REDACT_QUERY_KEYS',
  captureHttpHeaders: 'KIT_CAPTURE_HTTP_HEADERS',
};
const GROUPS = ['otlp', 'jaeger', 'sampler', 'batch', 'spanLimits'];
/** Key=value options merged over their variable rather than replacing it. */
const MERGED = ['resourceAttributes', 'otlp.headers'];
/** List options whose [] the variable spells `none`. */
const NONE_WHEN_EMPTY = ['resourceDetectors', 'exporters', 'propagators'];
/** List options whose [] means an empty list, which a variable cannot say (empty is unset). */
const EMPTY_LISTS = ['ignorePaths', 'captureHttpHeaders'] as const;
const LABEL = 'startTracing option';

/**
 * Settings from code options over an environment: the options are written into a copy of the
 * environment as the variables they stand for, which readSettings() then reads as usual; its
 * warnings name the option, not the variable. `appInstrumentations` as for readSettings().
 */
export function readCodeSettings(options: CodeOptions, env: Env, appInstrumentations: readonly string[] = []): SettingsResult {
  const overlay: Record<string, string | undefined> = { ...env };
  const labels: Record<string, string> = {};
  const warnings: string[] = [];
  for (const [path, value] of flatten(options as Record<string, unknown>)) {
    const variable = VARIABLE_OF[path];
    if (variable === undefined) {
      warnings.push(`${LABEL} ${path} is not one @kit/register knows${path === 'otlp.url' ? '; did you mean otlp.tracesEndpoint (the full URL) or otlp.endpoint (/v1/traces appended)?' : ''} (ignored)`);
      continue;
    }
    const encoded = encode(path, value);
    const merged = MERGED.includes(path) && env[variable]?.trim();
    overlay[variable] = merged ? `${env[variable]},${encoded}` : encoded;
    labels[variable] = merged ? `${variable} (with ${LABEL} ${path})` : `${LABEL} ${path}`;
  }
  // In the environment the per-signal variable wins; given in code, the base endpoint wins over
  // it. A protocol given in code makes the general variable (and any warning about it) moot.
  if (options.otlp?.endpoint !== undefined && options.otlp.tracesEndpoint === undefined) delete overlay.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (options.otlp?.protocol !== undefined) delete overlay.OTEL_EXPORTER_OTLP_PROTOCOL;

  const code = options.instrumentations === undefined ? undefined : instrumentationOptions(options.instrumentations, warnings);
  if (code !== undefined) {
    overlay.OTEL_NODE_ENABLED_INSTRUMENTATIONS = Object.keys(code).join(',');
    labels.OTEL_NODE_ENABLED_INSTRUMENTATIONS = `${LABEL} instrumentations`;
    delete overlay.OTEL_NODE_DISABLED_INSTRUMENTATIONS;
  }

  const result = readSettings(overlay, appInstrumentations, labels);
  const { settings } = result;
  if (code !== undefined) {
    if (Object.keys(code).length === 0) settings.instrumentations = {};
    for (const name of Object.keys(settings.instrumentations)) settings.instrumentations[name] = { ...settings.instrumentations[name], ...code[name] };
  }
  for (const key of EMPTY_LISTS) {
    if (Array.isArray(options[key]) && options[key].length === 0) settings[key] = [];
  }
  return { settings, warnings: [...warnings, ...result.warnings] };
}

/** Those given an options object; `pg: false` would read as enabling pg, so it is left out, with a warning. */
function instrumentationOptions(given: Record<string, unknown>, warnings: string[]): Record<string, Record<string, unknown>> {
  const result: Record<string, Record<string, unknown>> = {};
  for (const [name, value] of Object.entries(isRecord(given) ? given : {})) {
    if (isRecord(value)) result[name] = value;
    else warnings.push(`${LABEL} instrumentations.${name} is not an options object ({} for its defaults); leaving ${name} out`);
  }
  return result;
}

/** [path, value] of every option given; groups are walked one level down. */
function flatten(options: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(options).flatMap(([key, value]): Array<[string, unknown]> => {
    if (value === undefined || key === 'instrumentations') return [];
    if (GROUPS.includes(key) && isRecord(value)) {
      return Object.entries(value).filter(([, inner]) => inner !== undefined).map(([inner, innerValue]) => [`${key}.${inner}`, innerValue]);
    }
    return [[key, value]];
  });
}

/** The option as its variable would spell it. */
function encode(path: string, value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 && NONE_WHEN_EMPTY.includes(path) ? 'none' : value.map(String).join(',');
  if (isRecord(value)) {
    // sampler.remote is the jaeger_remote argument, key=value,...; the others are percent-encoded pairs.
    const encodePart = path === 'sampler.remote' ? String : (part: unknown) => encodeURIComponent(String(part));
    return Object.entries(value)
      .filter(([, inner]) => inner !== undefined)
      .map(([key, inner]) => `${encodePart(key)}=${encodePart(inner)}`)
      .join(',');
  }
  return String(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
