import type { IncomingMessage, ServerResponse } from 'node:http';
import { acceptGet, sendJson } from '../http/server';
import { HTTP_BAD_REQUEST, HTTP_OK } from '../http/status';
import { type StrategiesFile, strategyFor } from './strategies';

export const SAMPLING_PATH = '/sampling';

/** Jaeger's remote sampling endpoint: GET /sampling?service=NAME → SamplingStrategyResponse JSON. */
export function handleSampling(strategies: StrategiesFile) {
  return (request: IncomingMessage, response: ServerResponse, url: URL): void => {
    if (!acceptGet(request, response)) return;
    const service = url.searchParams.get('service');
    if (!service) return sendJson(response, HTTP_BAD_REQUEST, { error: "'service' parameter must be provided" });
    sendJson(response, HTTP_OK, strategyFor(strategies, service));
  };
}
