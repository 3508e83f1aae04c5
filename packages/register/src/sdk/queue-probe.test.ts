import { ExportResultCode } from '@opentelemetry/core';
import { BatchSpanProcessor, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';
import { batchProcessor, queueProbe } from './queue-probe';

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

// What the exit warning reads: recorded spans given to the processor and not done with.
it("counts the recorded spans the kit's batch processor is not done with, and none once shut down", async () => {
  let answer: (() => void) | undefined;
  const exporter: SpanExporter = {
    // Holds the export until answer() is called.
    export: (_spans, done) => void (answer = () => done({ code: ExportResultCode.SUCCESS })),
    shutdown: async () => undefined,
  };
  const { processor, unexported } = batchProcessor(exporter, { maxQueueSize: 10, maxExportBatchSize: 5, scheduledDelayMillis: 60_000, exportTimeoutMillis: 30_000 });
  const provider = new TracerProvider({ spanProcessors: [processor] });
  const tracer = provider.getTracer('unexported-test');

  for (let i = 0; i < 3; i++) tracer.startSpan(`queued ${i}`).end();
  expect(unexported()).toBe(3);
  // The 5th span starts an export (held), the next 10 fill the queue, the last 5 are dropped (done, for the count).
  for (let i = 3; i < 20; i++) tracer.startSpan(`span ${i}`).end();
  expect(unexported()).toBe(15);
  answer!();
  await new Promise((resolve) => setImmediate(resolve));
  expect(unexported()).toBe(10);

  const stopping = provider.shutdown();
  expect(unexported()).toBe(0);
  answer!();
  await stopping;
});
