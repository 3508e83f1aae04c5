import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { info, warn } from '../log';

/** How often a still-failing exporter reports how many spans it dropped. */
const SUMMARY_INTERVAL_MS = 60_000;
/** A collector's error answer can be long; the warning keeps its start. */
const MAX_REASON_LENGTH = 200;

/**
 * Reports an exporter's health without flooding the app's log: one warning when exports
 * start failing, a periodic count of dropped spans while they fail, one line on recovery.
 */
export class ExportHealth implements SpanExporter {
  private failing = false;
  private droppedSinceSummary = 0;
  private droppedTotal = 0;
  private summaryTimer?: NodeJS.Timeout;

  constructor(
    private readonly description: string,
    private readonly exporter: SpanExporter,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.exporter.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) this.succeeded();
      else this.failed(spans.length, result.error);
      resultCallback(result);
    });
  }

  shutdown(): Promise<void> {
    clearInterval(this.summaryTimer);
    return this.exporter.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.exporter.forceFlush?.() ?? Promise.resolve();
  }

  private failed(count: number, error: Error | undefined): void {
    this.droppedSinceSummary += count;
    this.droppedTotal += count;
    if (this.failing) return;
    this.failing = true;
    const reason = (error?.message ?? 'unknown error').slice(0, MAX_REASON_LENGTH);
    warn(`export to ${this.description} failed (${reason}); spans are dropped until it recovers`);
    this.summaryTimer = setInterval(() => this.summarize(), SUMMARY_INTERVAL_MS).unref();
  }

  private succeeded(): void {
    if (!this.failing) return;
    info(`export to ${this.description} recovered; ${this.droppedTotal} spans were dropped while it failed`);
    this.failing = false;
    this.droppedSinceSummary = 0;
    this.droppedTotal = 0;
    clearInterval(this.summaryTimer);
  }

  private summarize(): void {
    warn(`export to ${this.description} still failing; ${this.droppedSinceSummary} spans dropped in the last ${SUMMARY_INTERVAL_MS / 1000} s`);
    this.droppedSinceSummary = 0;
  }
}
