// Dropped spans are counted and told apart: those the batch processor drops because its queue is
// full (it says nothing of them itself) and those whose export failed. A burst into a small queue
// with a collector that never answers, then a natural exit: the kit's last line has both counts.
import { startSilentCollector } from './helpers/collectors';
import { runExitApp } from './helpers/exit-app';

const AT_EXIT = /\[@kit\/register\] warning: export to otlp http\/protobuf \S+ at exit: (\d+) spans dropped \((\d+) failed to export, (\d+) with the queue full\)$/m;

it('a burst into a small queue with a silent collector: queue-full drops and failed exports, each counted', async () => {
  const collector = await startSilentCollector();
  try {
    const run = await runExitApp(
      {
        OTEL_SERVICE_NAME: 'dropped-spans',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collector.port}`,
        OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
        OTEL_BSP_MAX_QUEUE_SIZE: '100',
        OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '50',
        SPANS: '1000',
      },
      'natural',
    );
    expect(run.exit).toEqual({ code: 3, signal: null });
    const counts = run.stderr.match(AT_EXIT);
    expect(counts).not.toBeNull();
    const [, total, failed, queueFull] = counts!.map(Number);
    // The 50th span starts an export at once (it never ends: the collector is silent) and the queue
    // fills with the next 100: the 850 after them are dropped unqueued; the 150 others are never sent.
    expect({ total, failed, queueFull }).toEqual({ total: 1000, failed: 150, queueFull: 850 });
    expect(collector.connections()).toBeGreaterThan(0);
  } finally {
    await collector.close();
  }
});
