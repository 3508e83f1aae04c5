import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { info, warn } from '../log';

/** How often a still-failing exporter reports how many spans it dropped. */
const SUMMARY_INTERVAL_MS = 60_000;
/** A collector's error answer can be long; the warning keeps its start. */
const MAX_REASON_LENGTH = 200;

/** Spans lost, by cause: the export failed, or the batch queue was full so they were never queued. */
class Dropped {
  exportFailed = 0;
  queueFull = 0;
  get total(): number {
    return this.exportFailed + this.queueFull;
  }
  toString(): string {
    return `${this.total} spans dropped (${this.exportFailed} failed to export, ${this.queueFull} with the queue full)`;
  }
}

/**
 * Reports an exporter's health without flooding the app's log: one warning when exports
 * start failing, a periodic count of dropped spans while spans are dropped, one line on
 * recovery, and what was dropped and not yet told when the process ends.
 */
export class ExportHealth implements SpanExporter {
  private failing = false;
  private sinceSummary = new Dropped();
  private whileFailing = new Dropped();
  private summaryTimer?: NodeJS.Timeout;
  /** Exports not yet answered (for the shutdown to wait for), with their number of spans. */
  private readonly unanswered = new Map<Promise<void>, number>();

  constructor(
    readonly description: string,
    private readonly exporter: SpanExporter,
  ) {}

  get isFailing(): boolean {
    return this.failing;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    this.unanswered.set(answered, spans.length);
    this.exporter.export(spans, (result) => {
      this.unanswered.delete(answered);
      answer();
      if (result.code === ExportResultCode.SUCCESS) this.succeeded();
      else this.failed(spans.length, result.error);
      resultCallback(result);
    });
  }

  /** Spans the batch processor dropped because its queue (OTEL_BSP_MAX_QUEUE_SIZE) was full. */
  queueFull(count: number): void {
    this.sinceSummary.queueFull += count;
    if (this.failing) this.whileFailing.queueFull += count;
    this.summarizeEvery();
  }

  /**
   * Waits for the exports in flight before the exporter's own shutdown: an export the flush on a
   * signal started can still be running when the app ends the process (the Jaeger exporter's
   * shutdown closes its sender at once, cutting such a request off). The kit bounds the wait.
   */
  async shutdown(): Promise<void> {
    await Promise.all(this.unanswered.keys());
    return this.exporter.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.exporter.forceFlush?.() ?? Promise.resolve();
  }

  /** At exit: what was dropped since the last summary, counting spans still unanswered as failed. */
  finalSummary(): void {
    clearInterval(this.summaryTimer);
    this.summaryTimer = undefined;
    for (const spans of this.unanswered.values()) this.sinceSummary.exportFailed += spans;
    this.unanswered.clear();
    if (this.sinceSummary.total > 0) warn(`export to ${this.description} at exit: ${this.sinceSummary}`);
    this.sinceSummary = new Dropped();
  }

  private failed(count: number, error: Error | undefined): void {
    this.sinceSummary.exportFailed += count;
    this.whileFailing.exportFailed += count;
    this.summarizeEvery();
    if (this.failing) return;
    this.failing = true;
    const reason = (error?.message ?? 'unknown error').slice(0, MAX_REASON_LENGTH);
    warn(`export to ${this.description} failed (${reason}); spans are dropped until it recovers`);
  }

  private succeeded(): void {
    if (!this.failing) return;
    info(`export to ${this.description} recovered; ${this.whileFailing} while it failed`);
    this.failing = false;
    this.whileFailing = new Dropped();
  }

  private summarizeEvery(): void {
    this.summaryTimer ??= setInterval(() => this.summarize(), SUMMARY_INTERVAL_MS).unref();
  }

  private summarize(): void {
    const state = this.failing ? 'still failing' : 'working';
    if (this.sinceSummary.total > 0) {
      warn(`export to ${this.description} ${state}; ${this.sinceSummary} in the last ${SUMMARY_INTERVAL_MS / 1000} s`);
    } else {
      clearInterval(this.summaryTimer);
      this.summaryTimer = undefined;
    }
    this.sinceSummary = new Dropped();
  }
}
