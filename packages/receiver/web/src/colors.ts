/**
 * One colour per service, stable across pages (hashed from the name). The palette is dark enough
 * for white text and distinct enough side by side in a waterfall.
 */
const PALETTE = ['#1d4ed8', '#b45309', '#047857', '#7e22ce', '#be185d', '#0e7490', '#4d7c0f', '#9a3412', '#4338ca', '#0f766e'];

export function serviceColor(service: string): string {
  let hash = 0;
  for (const char of service) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return PALETTE[hash % PALETTE.length];
}
