export { startReceiver, DEFAULT_PORTS, FREE_PORTS } from './receiver';
export { renderWaterfall } from './out/waterfall';
export type * from './types';
export type * from './out/query-api-types';
