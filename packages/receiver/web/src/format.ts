/** Durations and times as people read them; the API gives µs. */

export function formatDuration(micros: number): string {
  if (micros < 1) return '0 µs';
  if (micros < 1000) return `${trim(micros)} µs`;
  if (micros < 1_000_000) return `${trim(micros / 1000)} ms`;
  if (micros < 60_000_000) return `${trim(micros / 1_000_000)} s`;
  const minutes = Math.floor(micros / 60_000_000);
  return `${minutes} min ${Math.round((micros % 60_000_000) / 1_000_000)} s`;
}

/** Three significant digits at most, no trailing zeros: 1.23, 4.5, 12.3, 123. */
function trim(value: number): string {
  return String(Number(value.toPrecision(3)));
}

/** Local date and time to the millisecond. */
export function formatTime(micros: number): string {
  const date = new Date(micros / 1000);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`
  );
}

/** "3 s ago", "5 min ago": how old a trace is, for the list. */
export function formatAge(micros: number, nowMillis = Date.now()): string {
  const seconds = Math.max(0, Math.round(nowMillis / 1000 - micros / 1_000_000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

/** A count with its noun, singular or plural. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
