import { readFileSync } from 'node:fs';

/** One strategy of Jaeger's strategies file ("type" + "param"), optionally per operation. */
interface FileStrategy {
  type: 'probabilistic' | 'ratelimiting';
  param: number;
  operation_strategies?: Array<FileStrategy & { operation: string }>;
}

/** Jaeger's strategies-file format (--sampling.strategies-file). */
export interface StrategiesFile {
  default_strategy?: FileStrategy;
  service_strategies?: Array<FileStrategy & { service: string }>;
}

/** Jaeger's SamplingStrategyResponse as JSON (proto field names, enum names), as /sampling serves it. */
export interface SamplingStrategyResponse {
  strategyType: 'PROBABILISTIC' | 'RATE_LIMITING';
  probabilisticSampling?: { samplingRate: number };
  rateLimitingSampling?: { maxTracesPerSecond: number };
  operationSampling?: {
    defaultSamplingProbability: number;
    defaultLowerBoundTracesPerSecond: number;
    perOperationStrategies: Array<{ operation: string; probabilisticSampling: { samplingRate: number } }>;
  };
}

/** What Jaeger answers when no strategies file is given. */
const JAEGER_DEFAULT: FileStrategy = { type: 'probabilistic', param: 0.001 };

/** Reads and checks a strategies file (path or parsed object); throws with the reason when it is not one. */
export function loadStrategies(source: string | object | undefined): StrategiesFile {
  if (source === undefined) return {};
  const file = typeof source === 'string' ? (JSON.parse(readFileSync(source, 'utf8')) as unknown) : source;
  const where = typeof source === 'string' ? source : 'samplingStrategies';
  const check = (strategy: unknown, what: string): void => {
    const s = strategy as FileStrategy;
    if (typeof s !== 'object' || s === null) throw new Error(`${where}: ${what} must be an object`);
    if (s.type !== 'probabilistic' && s.type !== 'ratelimiting') {
      throw new Error(`${where}: ${what} has type ${JSON.stringify(s.type)}, expected "probabilistic" or "ratelimiting"`);
    }
    if (typeof s.param !== 'number' || s.param < 0 || (s.type === 'probabilistic' && s.param > 1)) {
      throw new Error(`${where}: ${what} has an invalid param ${JSON.stringify(s.param)}`);
    }
    (s.operation_strategies ?? []).forEach((op, i) => check(op, `${what}.operation_strategies[${i}]`));
  };
  const parsed = file as StrategiesFile;
  if (parsed.default_strategy) check(parsed.default_strategy, 'default_strategy');
  (parsed.service_strategies ?? []).forEach((s, i) => {
    if (typeof s.service !== 'string') throw new Error(`${where}: service_strategies[${i}] needs a "service"`);
    check(s, `service_strategies[${i}]`);
  });
  return parsed;
}

/**
 * The response for one service: its own strategy, else the default one. As in Jaeger, the
 * default's per-operation strategies apply to probabilistic services that do not override them.
 */
export function strategyFor(file: StrategiesFile, service: string): SamplingStrategyResponse {
  const fallback = file.default_strategy ?? JAEGER_DEFAULT;
  const own = file.service_strategies?.find((s) => s.service === service);
  const strategy = own ?? fallback;
  if (strategy.type === 'ratelimiting') {
    return { strategyType: 'RATE_LIMITING', rateLimitingSampling: { maxTracesPerSecond: strategy.param } };
  }
  const response: SamplingStrategyResponse = {
    strategyType: 'PROBABILISTIC',
    probabilisticSampling: { samplingRate: strategy.param },
  };
  const operations = new Map<string, number>();
  for (const op of [...(fallback.operation_strategies ?? []), ...(own?.operation_strategies ?? [])]) {
    if (op.type === 'probabilistic') operations.set(op.operation, op.param);
  }
  if (operations.size > 0) {
    response.operationSampling = {
      defaultSamplingProbability: strategy.param,
      defaultLowerBoundTracesPerSecond: 0,
      perOperationStrategies: [...operations].map(([operation, samplingRate]) => ({
        operation,
        probabilisticSampling: { samplingRate },
      })),
    };
  }
  return response;
}
