// A steady, bounded load on loopback: autocannon at a fixed request rate for a fixed time.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: object) => Promise<AutocannonResult>;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p99: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  duration: number;
}

export interface LoadResult {
  /** Answered requests per second. */
  rps: number;
  p99Ms: number;
  ok: number;
  /** Connection errors, timeouts and non-2xx answers. */
  failed: number;
}

export interface LoadOptions {
  url: string;
  durationMs: number;
  /** Requests per second across all connections. */
  rate: number;
  connections?: number;
}

export async function runLoad({ url, durationMs, rate, connections = 8 }: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({ url, duration: durationMs / 1000, overallRate: rate, connections, timeout: 5 });
  return {
    rps: result['2xx'] / result.duration,
    p99Ms: result.latency.p99,
    ok: result['2xx'],
    failed: result.errors + result.timeouts + result.non2xx,
  };
}

export function formatLoad(name: string, load: LoadResult): string {
  return `${name.padEnd(34)} ${load.rps.toFixed(0).padStart(6)} req/s  p99 ${load.p99Ms.toFixed(1).padStart(6)} ms  failed ${load.failed}`;
}
