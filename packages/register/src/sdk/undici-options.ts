import type { Span } from '@opentelemetry/api';
import type { KitSettings } from '../config/settings';
import { redactUrlAttributes } from './http-options';

/** What the undici instrumentation tells about a request: where it goes. */
interface UndiciRequest {
  origin: string;
  path: string;
}

/**
 * The undici (fetch) instrumentation's options, by the rules of the http client spans: query
 * redaction and the header allowlist. The kit's own calls make no span: the jaeger_remote
 * sampler polls its endpoint with fetch, outside any suppressed context.
 */
export function undiciOptions(settings: KitSettings): Record<string, unknown> {
  const keys = new Set(settings.redactQueryKeys);
  const headers = settings.captureHttpHeaders;
  const samplingUrl = settings.sampler.name.endsWith('jaeger_remote') ? `${settings.sampler.remote.endpoint}/sampling` : undefined;
  return {
    ignoreRequestHook: (request: UndiciRequest) => samplingUrl !== undefined && `${request.origin}${request.path}`.startsWith(samplingUrl),
    requestHook: (span: Span) => redactUrlAttributes(span, keys),
    headersToSpanAttributes: { requestHeaders: headers, responseHeaders: headers },
  };
}
