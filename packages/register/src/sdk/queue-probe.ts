import { createNoopMeter, type Attributes, type Counter, type Meter, type MeterProvider } from '@opentelemetry/api';
import { BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace';
import type { KitSettings } from '../config/settings';
import { exportWithoutKeepingAlive } from '../upstream-fixes/exports-keep-process-alive';
import { ExportHealth } from './export-health';

/** The batch processor's own metric: spans it is done with; `error.type` queue_full marks those it dropped unqueued. */
const PROCESSED = 'otel.sdk.processor.span.processed';

/**
 * A meter provider for the BatchSpanProcessor's `selfObsMeterProvider`, reading only one thing:
 * the spans dropped because the queue was full, which the processor otherwise drops in silence.
 */
export function queueProbe(onQueueFull: (count: number) => void): MeterProvider {
  const noop = createNoopMeter();
  const dropped: Counter = {
    add(value: number, attributes?: Attributes) {
      if (attributes?.['error.type'] === 'queue_full') onQueueFull(value);
    },
  };
  const meter: Meter = Object.assign(Object.create(noop) as Meter, {
    createCounter: (name: string, options?: object) => (name === PROCESSED ? dropped : noop.createCounter(name, options)),
  });
  return { getMeter: () => meter };
}

/** The kit's batch processor: its queue-full drops counted in the exporter's health, its exports never holding the process. */
export function batchProcessor(exporter: SpanExporter, batch: KitSettings['batch']): BatchSpanProcessor {
  const onQueueFull = exporter instanceof ExportHealth ? (count: number) => exporter.queueFull(count) : () => undefined;
  return exportWithoutKeepingAlive(new BatchSpanProcessor({ exporter, ...batch, selfObsMeterProvider: queueProbe(onQueueFull) }));
}
