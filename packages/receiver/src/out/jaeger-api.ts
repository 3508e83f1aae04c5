import type { TraceStore } from '../store/store';
import { dependencies } from './dependencies';
import { JAEGER_SPAN_KINDS, toJaegerTrace } from './jaeger-model';
import { findTraces, normalizeTraceId, page, parseTraceQuery, QueryError } from './trace-query';
import type { ApiRoute } from './ui-api';

/** jaeger-query's default window of /api/dependencies: the last 24 hours. */
const DEPENDENCIES_LOOKBACK_MS = 24 * 3600 * 1000;
const INTERNAL = 'internal';

function integerParam(url: URL, name: string, fallback: number): number {
  const text = url.searchParams.get(name);
  if (text === null || text === '') return fallback;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new QueryError(`unable to parse param '${name}': "${text}" is not a non-negative integer`);
  return Number(text);
}

function requiredService(url: URL): string {
  const service = url.searchParams.get('service');
  if (!service) throw new QueryError("parameter 'service' is required");
  return service;
}

const sorted = (names: Iterable<string>): string[] => [...new Set(names)].sort();

/** Jaeger's query API (jaeger-query's /api/…), over the traces held. */
export function jaegerRoutes(store: TraceStore): ApiRoute[] {
  const spans = () => store.traces().flatMap((trace) => trace.spans);
  return [
    [/^\/api\/services$/, () => ({ data: sorted(spans().map((span) => span.serviceName)) })],
    [
      /^\/api\/services\/([^/]+)\/operations$/,
      (_url, [service]) => ({ data: sorted(spans().filter((span) => span.serviceName === service).map((span) => span.name)) }),
    ],
    [
      /^\/api\/operations$/,
      (url) => {
        const service = requiredService(url);
        const kind = url.searchParams.get('spanKind') || undefined;
        const operations = new Map<string, { name: string; spanKind: string }>();
        for (const span of spans()) {
          const spanKind = JAEGER_SPAN_KINDS[span.kind] ?? INTERNAL;
          if (span.serviceName !== service || (kind && spanKind !== kind)) continue;
          operations.set(JSON.stringify([span.name, spanKind]), { name: span.name, spanKind });
        }
        return { data: [...operations.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
      },
    ],
    [
      /^\/api\/traces$/,
      (url) => {
        const query = parseTraceQuery(url.searchParams, { serviceRequired: true });
        return { data: page(findTraces(store.traces(), query), query).map(toJaegerTrace) };
      },
    ],
    [
      /^\/api\/traces\/([^/]+)$/,
      (_url, [id]) => {
        const trace = store.trace(normalizeTraceId(id));
        return trace ? { data: [toJaegerTrace(trace)] } : { notFound: 'trace not found' };
      },
    ],
    [
      /^\/api\/dependencies$/,
      (url) => {
        const endTs = integerParam(url, 'endTs', Date.now());
        const lookback = integerParam(url, 'lookback', DEPENDENCIES_LOOKBACK_MS);
        return { data: dependencies(store.traces(), (endTs - lookback) * 1000, endTs * 1000) };
      },
    ],
  ];
}
