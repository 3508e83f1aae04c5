import { createNoopMeter, TraceFlags, type Attributes, type Counter, type Meter, type MeterProvider } from '@opentelemetry/api';
import { BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace';
import type { KitSettings } from '../config/settings';
import { exportWithoutKeepingAlive } from '../upstream-fixes/exports-keep-process-alive';
import { ExportHealth } from './export-health';

/** The batch processor's own metric: spans it is done with; `error.type` queue_full marks those it dropped unqueued. */
const PROCESSED = 'otel.sdk.processor.span.processed';

/**
 * A meter provider for the BatchSpanProcessor's `selfObsMeterProvider`, reading one metric: the
 * spans it is done with (`onProcessed`: exported, failed, or dropped unqueued), and among them
 * those dropped because the queue was full, which it otherwise drops in silence.
 */
export function queueProbe(onQueueFull: (count: number) => void, onProcessed: (count: number) => void = () => undefined): MeterProvider {
  const noop = createNoopMeter();
  const processed: Counter = {
    add(value: number, attributes?: Attributes) {
      onProcessed(value);
      if (attributes?.['error.type'] === 'queue_full') onQueueFull(value);
    },
  };
  const meter: Meter = Object.assign(Object.create(noop) as Meter, {
    createCounter: (name: string, options?: object) => (name === PROCESSED ? processed : noop.createCounter(name, options)),
  });
  return { getMeter: () => meter };
}

export interface KitBatchProcessor {
  processor: BatchSpanProcessor;
  /** Recorded spans it was given and is not done with (queued, waiting for the resource, or in an export not yet answered); 0 once it is shut down. */
  unexported(): number;
}

/** The kit's batch processor: its queue-full drops counted in the exporter's health, its exports never holding the process. */
export function batchProcessor(exporter: SpanExporter, batch: KitSettings['batch']): KitBatchProcessor {
  const onQueueFull = exporter instanceof ExportHealth ? (count: number) => exporter.queueFull(count) : () => undefined;
  let given = 0;
  let done = 0;
  let shutDown = false;
  const processor = new BatchSpanProcessor({ exporter, ...batch, selfObsMeterProvider: queueProbe(onQueueFull, (count) => (done += count)) });
  // Counted as the processor takes them: recorded spans only.
  const onEnd = processor.onEnd.bind(processor);
  processor.onEnd = (span) => {
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0) given++;
    onEnd(span);
  };
  // Once shut down (by the kit, or by the app through startTracing()'s handle), what it could not
  // send is the shutdown's to tell (the exporter's summary), and it drops later spans itself.
  const shutdown = processor.shutdown.bind(processor);
  processor.shutdown = () => {
    shutDown = true;
    return shutdown();
  };
  return { processor: exportWithoutKeepingAlive(processor), unexported: () => (shutDown ? 0 : given - done) };
}
