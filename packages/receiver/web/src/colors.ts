/**
 * One colour per service. A service's palette slot comes from a hash of its name, so that it
 * keeps its colour from page load to page load whatever other services arrive meanwhile; when the
 * slot is taken by a service the page already knows, the next free one is used, so that the
 * services of one trace differ in colour. Known services claim their slots first, sorted (all the
 * receiver's, at start-up). Only past the palette's size do colours repeat. The palette is dark
 * enough for white text on it.
 */
const PALETTE = ['#1d4ed8', '#b45309', '#047857', '#7e22ce', '#be185d', '#0e7490', '#4d7c0f', '#9a3412', '#4338ca', '#0f766e'];
const slots = new Map<string, number>();
const taken = new Set<number>();

/** FNV-1a: a small, well-spread string hash. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) value = Math.imul(value ^ text.charCodeAt(i), 0x01000193);
  return value >>> 0;
}

/** Gives the services known at start-up their slots, in a stable order. */
export function knowServices(names: string[]): void {
  for (const name of [...names].sort()) serviceColor(name);
}

export function serviceColor(service: string): string {
  let slot = slots.get(service);
  if (slot === undefined) {
    const preferred = hash(service) % PALETTE.length;
    slot = preferred;
    for (let step = 0; step < PALETTE.length && taken.has(slot); step++) slot = (preferred + step + 1) % PALETTE.length;
    if (taken.has(slot)) slot = preferred;
    slots.set(service, slot);
    taken.add(slot);
  }
  return PALETTE[slot];
}
