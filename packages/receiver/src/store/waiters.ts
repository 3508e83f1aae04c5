interface Waiter {
  check(): void;
  fail(error: Error): void;
}

/** Pending waitFor… calls, each re-checked whenever spans arrive. */
export class Waiters {
  private readonly pending = new Set<Waiter>();

  /**
   * Resolves with probe()'s first defined result, checking now and after each notify().
   * Rejects after timeoutMs with describe()'s account of what was held.
   */
  wait<T>(probe: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const settle = (): void => {
        clearTimeout(timer);
        this.pending.delete(waiter);
      };
      const waiter: Waiter = {
        check: () => {
          const found = probe();
          if (found === undefined) return;
          settle();
          resolve(found);
        },
        fail: (error) => {
          settle();
          reject(error);
        },
      };
      const timer = setTimeout(() => waiter.fail(new Error(`timed out after ${timeoutMs} ms; ${describe()}`)), timeoutMs);
      this.pending.add(waiter);
      waiter.check();
    });
  }

  notify(): void {
    for (const waiter of [...this.pending]) waiter.check();
  }

  failAll(error: Error): void {
    for (const waiter of [...this.pending]) waiter.fail(error);
  }
}
