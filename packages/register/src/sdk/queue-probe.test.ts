import { ExportResultCode } from '@opentelemetry/core';
import { BatchSpanProcessor, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';
import { queueProbe } from './queue-probe';

// Pins the upstream contract the probe reads: the processor's self-observability counter
// `otel.sdk.processor.span.processed` with `error.type: queue_full` for each span it drops unqueued.
it('counts exactly the spans the batch processor drops with its queue full', async () => {
  const exported: number[] = [];
  const exporter: SpanExporter = {
    export: (spans, done) => {
      exported.push(spans.length);
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: async () => undefined,
  };
  let queueFull = 0;
  const processor = new BatchSpanProcessor({
    exporter,
    maxQueueSize: 10,
    maxExportBatchSize: 5,
    selfObsMeterProvider: queueProbe((count) => (queueFull += count)),
  });
  const provider = new TracerProvider({ spanProcessors: [processor] });
  const tracer = provider.getTracer('queue-probe-test');

  // Synchronously: the 5th span starts an export, the next 10 fill the queue, the last 15 are dropped.
  for (let i = 0; i < 30; i++) tracer.startSpan(`span ${i}`).end();
  await provider.shutdown();

  expect(queueFull).toBe(15);
  expect(exported.reduce((sum, count) => sum + count, 0)).toBe(15);
});
