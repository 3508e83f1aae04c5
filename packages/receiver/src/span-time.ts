/** Milliseconds between two decimal-string nanosecond timestamps. */
export function durationMs(startUnixNano: string, endUnixNano: string): number {
  const nanos = BigInt(endUnixNano) - BigInt(startUnixNano);
  return Number(nanos) / 1e6;
}
