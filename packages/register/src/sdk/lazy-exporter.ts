import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { warn } from '../log';

/**
 * Defers loading an exporter's module until the first export: an OTLP exporter costs
 * ~100 ms and hundreds of modules, none of it needed for the app to start serving.
 */
export class LazyExporter implements SpanExporter {
  private exporter?: SpanExporter;
  private failed = false;

  constructor(
    private readonly description: string,
    private readonly load: () => SpanExporter,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const exporter = this.get();
    if (!exporter) {
      resultCallback({ code: ExportResultCode.FAILED });
      return;
    }
    exporter.export(spans, resultCallback);
  }

  async shutdown(): Promise<void> {
    await this.exporter?.shutdown();
  }

  async forceFlush(): Promise<void> {
    await this.exporter?.forceFlush?.();
  }

  private get(): SpanExporter | undefined {
    if (this.exporter || this.failed) return this.exporter;
    try {
      this.exporter = this.load();
    } catch (error) {
      this.failed = true;
      warn(`could not load the ${this.description} exporter (${(error as Error).message}); its spans are dropped`);
    }
    return this.exporter;
  }
}
