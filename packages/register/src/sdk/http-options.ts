import type { IncomingMessage } from 'node:http';
import type { Span } from '@opentelemetry/api';
import type { KitSettings } from '../config/settings';

/** URL attributes (stable and old semantic conventions) that may carry a query string. */
const URL_ATTRIBUTES = ['url.full', 'url.query', 'http.url', 'http.target'];
const REDACTED = 'REDACTED';

/**
 * The http instrumentation's options that the kit derives from its settings: ignored paths,
 * query-string redaction and the header allowlist.
 */
export function httpOptions(settings: KitSettings): Record<string, unknown> {
  const keys = new Set(settings.redactQueryKeys);
  const headers = settings.captureHttpHeaders;
  const isIgnored = ignoredPathMatcher(settings.ignorePaths);
  return {
    ignoreIncomingRequestHook: (request: IncomingMessage) => isIgnored(request.url),
    // The instrumentation's own redaction matches keys case-sensitively; ours runs after it.
    redactedQueryParams: settings.redactQueryKeys,
    redactedQueryParamsServer: settings.redactQueryKeys,
    requestHook: (span: Span) => redactUrlAttributes(span, keys),
    headersToSpanAttributes: {
      client: { requestHeaders: headers, responseHeaders: headers },
      server: { requestHeaders: headers, responseHeaders: headers },
    },
  };
}

/**
 * Whole path segments, case-insensitively: /health and /Health/db, never /healthcare. `ignorePaths`
 * are lower case. The prefixes are worked out once: the matcher runs on every incoming request.
 */
export function ignoredPathMatcher(ignorePaths: string[]): (url: string | undefined) => boolean {
  const below = ignorePaths.map((ignored) => `${ignored.replace(/\/$/, '')}/`);
  return (url) => {
    if (!url || ignorePaths.length === 0) return false;
    const query = url.indexOf('?');
    const path = (query < 0 ? url : url.slice(0, query)).toLowerCase();
    for (let i = 0; i < ignorePaths.length; i++) {
      if (path === ignorePaths[i] || path.startsWith(below[i])) return true;
    }
    return false;
  };
}

/** Replaces the values of sensitive query keys, matched case-insensitively, in the span's URL attributes. */
export function redactUrlAttributes(span: Span, keys: Set<string>): void {
  // The SDK's span exposes what the instrumentation already set; the API's Span does not say so.
  const attributes = (span as unknown as { attributes?: Record<string, unknown> }).attributes;
  if (!attributes) return;
  for (const name of URL_ATTRIBUTES) {
    const value = attributes[name];
    if (typeof value === 'string' && value.includes('=')) {
      const redacted = redactQuery(value, keys);
      if (redacted !== value) span.setAttribute(name, redacted);
    }
  }
}

/** Works on a full URL, a path with a query, or a bare query string. */
export function redactQuery(value: string, keys: Set<string>): string {
  const at = value.indexOf('?');
  const [head, query] = at >= 0 ? [value.slice(0, at + 1), value.slice(at + 1)] : ['', value];
  const [search, fragment] = splitOnce(query, '#');
  const redacted = search
    .split('&')
    .map((pair) => {
      const [key] = splitOnce(pair, '=');
      return keys.has(safeDecode(key).toLowerCase()) ? `${key}=${REDACTED}` : pair;
    })
    .join('&');
  return head + redacted + (fragment === undefined ? '' : `#${fragment}`);
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
