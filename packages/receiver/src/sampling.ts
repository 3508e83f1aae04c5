import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http-server';
import { type StrategiesFile, strategyFor } from './sampling-strategies';

export const SAMPLING_PATH = '/sampling';

/** Jaeger's remote sampling endpoint: GET /sampling?service=NAME → SamplingStrategyResponse JSON. */
export function handleSampling(strategies: StrategiesFile) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    request.resume();
    if (request.method !== 'GET') {
      response.setHeader('Allow', 'GET');
      return sendJson(response, 405, { error: `${request.method} not allowed, use GET` });
    }
    const service = new URL(request.url ?? '/', 'http://receiver').searchParams.get('service');
    if (!service) return sendJson(response, 400, { error: "'service' parameter must be provided" });
    sendJson(response, 200, strategyFor(strategies, service));
  };
}
