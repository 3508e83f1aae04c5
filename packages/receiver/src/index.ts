export { startReceiver, DEFAULT_PORTS, FREE_PORTS } from './receiver';
export { renderWaterfall } from './out/waterfall';
export type * from './types';
export type { JaegerKeyValue, JaegerLog, JaegerProcess, JaegerReference, JaegerSpan, JaegerTagType, JaegerTrace } from './out/jaeger-model';
export type { DependencyLink } from './out/dependencies';
export type { TraceSummary } from './out/trace-summary';
