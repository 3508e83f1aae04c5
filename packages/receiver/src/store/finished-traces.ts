/**
 * Calls onFinished(traceId) once no span arrived for that trace during quietMs: spans of one
 * trace come from several processes, each exporting in its own batches, so "finished" can only
 * mean "quiet for a while".
 */
export class FinishedTraces {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly quietMs: number,
    private readonly onFinished: (traceId: string) => void,
  ) {}

  touch(traceIds: Iterable<string>): void {
    for (const traceId of traceIds) {
      clearTimeout(this.timers.get(traceId));
      const timer = setTimeout(() => this.finish(traceId), this.quietMs);
      timer.unref();
      this.timers.set(traceId, timer);
    }
  }

  private finish(traceId: string): void {
    clearTimeout(this.timers.get(traceId));
    this.timers.delete(traceId);
    this.onFinished(traceId);
  }

  /** Finishes every trace still waiting, now (at close). */
  flush(): void {
    for (const traceId of [...this.timers.keys()]) this.finish(traceId);
  }

  cancel(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
