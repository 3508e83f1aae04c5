export { startReceiver, DEFAULT_PORTS } from './receiver';
export { renderWaterfall } from './waterfall';
export type * from './types';
