/**
 * One colour per service. Services get palette slots in the order the page learns of them (all
 * known ones, sorted, at start-up), so the services of one trace differ in colour and keep it
 * from view to view; only past the palette's size do colours repeat. The palette is dark enough
 * for white text on it.
 */
const PALETTE = ['#1d4ed8', '#b45309', '#047857', '#7e22ce', '#be185d', '#0e7490', '#4d7c0f', '#9a3412', '#4338ca', '#0f766e'];
const slots = new Map<string, number>();

/** Gives the services known at start-up their slots, in a stable order. */
export function knowServices(names: string[]): void {
  for (const name of [...names].sort()) serviceColor(name);
}

export function serviceColor(service: string): string {
  let slot = slots.get(service);
  if (slot === undefined) {
    slot = slots.size;
    slots.set(service, slot);
  }
  return PALETTE[slot % PALETTE.length];
}
