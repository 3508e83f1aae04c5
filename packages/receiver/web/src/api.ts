import type { Answer, DependencyLink, Trace, TraceSummary } from './api-types';

/** Why a request failed, in the API's own words when it gave some. */
export class ApiError extends Error {}

async function get<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiError('the receiver is not answering');
  }
  const body = (await response.json().catch(() => undefined)) as (T & Partial<Answer<unknown>>) | undefined;
  if (!response.ok || body === undefined) throw new ApiError(body?.errors?.[0]?.msg ?? `${response.status} ${response.statusText}`);
  return body;
}

export const api = {
  services: async (): Promise<string[]> => (await get<Answer<string[]>>('/api/services')).data,
  /** The span names of a service, each once whatever its kinds. */
  operations: async (service: string): Promise<string[]> =>
    (await get<Answer<string[]>>(`/api/services/${encodeURIComponent(service)}/operations`)).data,
  /** One page of trace summaries; `query` holds the search form's parameters plus limit and offset. */
  summaries: (query: URLSearchParams): Promise<Answer<TraceSummary[]>> => get(`/api/kit/summaries?${query}`),
  /** The trace, or undefined when the receiver does not hold it (never received, or evicted). */
  trace: async (traceId: string): Promise<Trace | undefined> => {
    try {
      return (await get<Answer<Trace[]>>(`/api/traces/${encodeURIComponent(traceId)}`)).data[0];
    } catch (error) {
      if (error instanceof ApiError && /not found/.test(error.message)) return undefined;
      throw error;
    }
  },
  /** The calls between services in the last `lookbackMs`, or in every trace held when it is undefined. */
  dependencies: async (lookbackMs?: number): Promise<DependencyLink[]> => {
    const endTs = Date.now();
    return (await get<Answer<DependencyLink[]>>(`/api/dependencies?endTs=${endTs}&lookback=${lookbackMs ?? endTs}`)).data;
  },
  /** Grows with every span stored: cheap to poll. */
  generation: async (): Promise<number> => (await get<{ generation: number }>('/api/kit/store')).generation,
};
