import { api } from './api';
import type { Cleanup } from './router';

/** How often a view asks whether new spans arrived. */
const POLL_MS = 2000;

/** The store's generation now, or -1 when the receiver does not answer (the first poll then counts as a change). */
export function storeGeneration(): Promise<number> {
  return api.generation().catch(() => -1);
}

/**
 * Calls `onChange` when the store's generation moves past `since` (spans arrived), one call at a
 * time, until the returned cleanup. The signal tells a call still running that its view is gone;
 * a call that fails is made again at the next poll.
 */
export function followStore(since: number, onChange: (signal: AbortSignal) => Promise<void>): Cleanup {
  const stop = new AbortController();
  let generation = since;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const poll = async (): Promise<void> => {
    const now = await api.generation().catch(() => generation);
    if (now !== generation && !stop.signal.aborted) {
      try {
        await onChange(stop.signal);
        generation = now;
      } catch {
        // Left to the next poll: the receiver may be restarting.
      }
    }
    if (!stop.signal.aborted) timer = setTimeout(poll, POLL_MS);
  };
  timer = setTimeout(poll, POLL_MS);
  return () => {
    stop.abort();
    clearTimeout(timer);
  };
}
