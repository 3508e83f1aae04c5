export { startReceiver, DEFAULT_PORTS } from './receiver';
export { renderWaterfall } from './out/waterfall';
export type * from './types';
