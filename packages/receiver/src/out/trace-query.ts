import type { ReceivedSpan, Trace } from '../types';
import { durationMicros, micros, processTags, spanLogs, spanTags } from './jaeger-model';

/** A query parameter that cannot be used; answered with 400 and this message. */
export class QueryError extends Error {}

/** A trace search, as jaeger-query reads it (plus `offset`, for paging the UI's list). */
export interface TraceQuery {
  service?: string;
  operation?: string;
  /** Every one must be found on one span: its tags, its process's tags or its logs' fields. */
  tags: Array<[key: string, value: string]>;
  /** Span start bounds, µs since the epoch. */
  startMin?: number;
  startMax?: number;
  /** Span duration bounds, µs. */
  minDuration?: number;
  maxDuration?: number;
  /** 0: no limit. */
  limit: number;
  offset: number;
  /** traceID=… parameters: those traces only. */
  traceIds: string[];
}

/** jaeger-query's default number of traces. */
export const DEFAULT_LIMIT = 100;
const MICROS = { ns: 0.001, us: 1, µs: 1, μs: 1, ms: 1e3, s: 1e6, m: 60e6, h: 3600e6, d: 86400e6 } as const;
const GO_DURATION = /^(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const LOOKBACK = /^(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h|d))+$/;
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d)/g;
const HEX_ID = /^[0-9a-f]{1,32}$/i;

/** A duration in Go's syntax ("100ms", "1.5s", "1h30m"), as Jaeger reads minDuration/maxDuration, in µs. */
function parseDuration(name: string, text: string, syntax: RegExp): number {
  if (!syntax.test(text)) {
    throw new QueryError(`unable to parse param '${name}': invalid duration "${text}" (use a number and a unit: 500us, 100ms, 1.5s, 2m, 1h)`);
  }
  let total = 0;
  for (const [, amount, unit] of text.matchAll(DURATION_PART)) total += Number(amount) * MICROS[unit as keyof typeof MICROS];
  return total;
}

function integer(name: string, text: string, { min }: { min: number }): number {
  const n = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(n)) throw new QueryError(`unable to parse param '${name}': "${text}" is not an integer`);
  if (n < min) throw new QueryError(`param '${name}' must be at least ${min}, got ${n}`);
  return n;
}

/** A trace id as the store keys it: lower-case, 32 hex digits (Jaeger writes 64-bit ids with 16). */
export function normalizeTraceId(text: string): string {
  if (!HEX_ID.test(text)) throw new QueryError(`cannot parse traceID "${text}": want up to 32 hex digits`);
  return text.toLowerCase().padStart(32, '0');
}

/**
 * The tags to match: `tag=key:value` (repeatable, Jaeger's API), and `tags=` as a JSON object
 * (what Jaeger's UI sends) or as `key=value` pairs separated by spaces (what one types in its
 * search form; quote a value that has spaces: `error=true http.route="/a b"`).
 */
function parseTags(params: URLSearchParams): Array<[string, string]> {
  const tags: Array<[string, string]> = [];
  for (const tag of params.getAll('tag')) {
    const at = tag.indexOf(':');
    if (at <= 0) throw new QueryError(`malformed 'tag' parameter, expecting key:value, received: ${tag}`);
    tags.push([tag.slice(0, at), tag.slice(at + 1)]);
  }
  for (const text of params.getAll('tags')) {
    if (/^\s*[{[]/.test(text)) tags.push(...jsonTags(text));
    else tags.push(...logfmtTags(text));
  }
  return tags;
}

function jsonTags(text: string): Array<[string, string]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new QueryError(`malformed 'tags' parameter, cannot parse JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new QueryError(`malformed 'tags' parameter, want a JSON object of strings`);
  return Object.entries(parsed).map(([key, value]) => {
    if (typeof value === 'object' || value === undefined) throw new QueryError(`malformed 'tags' parameter, the value of "${key}" is not a string`);
    return [key, String(value)];
  });
}

function logfmtTags(text: string): Array<[string, string]> {
  const tags: Array<[string, string]> = [];
  const pair = /\s*([^\s=]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))\s*/y;
  let at = 0;
  while (at < text.length) {
    pair.lastIndex = at;
    const match = pair.exec(text);
    if (!match) throw new QueryError(`malformed 'tags' parameter, expecting key=value pairs or a JSON object, received: ${text}`);
    tags.push([match[1], match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]]);
    at = pair.lastIndex;
  }
  return tags;
}

/**
 * The search parameters of /api/traces and /api/kit/summaries, checked as jaeger-query checks them
 * (start/end in µs since the epoch, durations in Go's syntax); `lookback` ("1h", "2d", as Jaeger's
 * UI sends it; "custom" means start/end say it) bounds the start when `start` is absent.
 */
export function parseTraceQuery(params: URLSearchParams, { serviceRequired }: { serviceRequired: boolean }): TraceQuery {
  const get = (name: string): string | undefined => {
    const value = params.get(name);
    return value === null || value === '' ? undefined : value;
  };
  const query: TraceQuery = {
    service: get('service'),
    operation: get('operation'),
    tags: parseTags(params),
    limit: get('limit') === undefined ? DEFAULT_LIMIT : integer('limit', get('limit')!, { min: 0 }),
    offset: get('offset') === undefined ? 0 : integer('offset', get('offset')!, { min: 0 }),
    traceIds: params.getAll('traceID').map(normalizeTraceId),
  };
  if (get('start') !== undefined) query.startMin = integer('start', get('start')!, { min: 0 });
  if (get('end') !== undefined) query.startMax = integer('end', get('end')!, { min: 0 });
  const lookback = get('lookback');
  if (lookback !== undefined && lookback !== 'custom') {
    const span = parseDuration('lookback', lookback, LOOKBACK);
    query.startMin ??= (query.startMax ?? Date.now() * 1000) - span;
  }
  if (get('minDuration') !== undefined) query.minDuration = parseDuration('minDuration', get('minDuration')!, GO_DURATION);
  if (get('maxDuration') !== undefined) query.maxDuration = parseDuration('maxDuration', get('maxDuration')!, GO_DURATION);
  if (serviceRequired && !query.service && query.traceIds.length === 0) throw new QueryError("parameter 'service' is required");
  if (query.minDuration !== undefined && query.maxDuration !== undefined && query.maxDuration < query.minDuration) {
    throw new QueryError("'maxDuration' should be greater than 'minDuration'");
  }
  if (query.startMin !== undefined && query.startMax !== undefined && query.startMax < query.startMin) {
    throw new QueryError("'end' should be after 'start'");
  }
  return query;
}

/** A tag value as the query compares it: Jaeger compares the string form. */
function spanHasTag(span: ReceivedSpan, key: string, value: string): boolean {
  const all = [...spanTags(span), ...processTags(span), ...spanLogs(span).flatMap((log) => log.fields)];
  return all.some((tag) => tag.key === key && String(tag.value) === value);
}

/** As Jaeger's in-memory store: a trace matches when one of its spans meets every condition. */
function spanMatches(span: ReceivedSpan, query: TraceQuery): boolean {
  if (query.service !== undefined && span.serviceName !== query.service) return false;
  if (query.operation !== undefined && span.name !== query.operation) return false;
  const start = micros(span.startTimeUnixNano);
  if (query.startMin !== undefined && start < query.startMin) return false;
  if (query.startMax !== undefined && start > query.startMax) return false;
  const duration = durationMicros(span);
  if (query.minDuration !== undefined && duration < query.minDuration) return false;
  if (query.maxDuration !== undefined && duration > query.maxDuration) return false;
  return query.tags.every(([key, value]) => spanHasTag(span, key, value));
}

/** The traces matching, newest first (the latest seen first), before paging. */
export function findTraces(traces: Trace[], query: TraceQuery): Trace[] {
  const newestFirst = [...traces].reverse();
  if (query.traceIds.length > 0) return newestFirst.filter((trace) => query.traceIds.includes(trace.traceId));
  return newestFirst.filter((trace) => trace.spans.some((span) => spanMatches(span, query)));
}

/** One page of the matches. */
export function page<T>(items: T[], query: TraceQuery): T[] {
  return items.slice(query.offset, query.limit === 0 ? undefined : query.offset + query.limit);
}
