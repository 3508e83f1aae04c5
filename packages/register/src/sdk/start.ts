import { context, diag, DiagLogLevel, propagation, trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { dirname } from 'node:path';
import type { KitSettings } from '../config/settings';
import { stderrDiagLogger } from '../log';
import type { AppPackage } from './app-package';
import { announceWait, boundedFlush } from './bounded-flush';
import { DecideOnce } from './decide-once';
import { ExportHealth } from './export-health';
import { KitContextManager } from './context-manager';
import { buildExporters } from './exporters';
import { loadInstrumentations } from './instrumentations';
import { patchLoadedBuiltins } from './loaded-builtins';
import { buildPropagator } from './propagators';
import { buildResource, serviceNameOf } from './resource';
import { batchProcessor } from './queue-probe';
import { probeRemoteSampling } from './remote-sampling-probe';
import { buildSampler, childrenOfUnsampledAreUnsampled } from './sampler';
import { startupLine } from './startup-line';
import { skipUnrecordedChildren } from './unrecorded-children';

export interface Tracing {
  provider: TracerProvider;
  /** Exports every queued span and goes on tracing; bounded by the exporter timeout. */
  flush(): Promise<void>;
  /** Exports every queued span, then stops; bounded by the exporter timeout. */
  shutdown(): Promise<void>;
  /** The one line that says what was configured. */
  summary: string;
  /** Recorded spans the batch processors were given and are not done with (see KitBatchProcessor); 0 once shut down. */
  unexportedSpans(): number;
}

/**
 * Builds the tracer provider from the settings and installs it, the context manager and
 * propagators globally. Undefined when a tracer provider is registered already.
 */
export function startTracing(settings: KitSettings, app: AppPackage | undefined): Tracing | undefined {
  if (settings.logLevel !== 'none') {
    diag.setLogger(stderrDiagLogger, DiagLogLevel[settings.logLevel.toUpperCase() as keyof typeof DiagLogLevel]);
  }
  const serviceName = serviceNameOf(settings, app);
  const resource = buildResource(settings, app, serviceName);
  const exporters = buildExporters(settings, resource);
  // The sampler and trace ids, with the hand-over from the kit's incoming-request fast path.
  const decider = new DecideOnce(buildSampler(settings.sampler, serviceName));
  const batches = exporters.map(({ exporter }) => batchProcessor(exporter, settings.batch));
  const provider = new TracerProvider({
    resource,
    sampler: decider,
    idGenerator: decider,
    spanLimits: settings.spanLimits,
    spanProcessors: batches.map(({ processor }) => processor),
  });
  if (childrenOfUnsampledAreUnsampled(settings.sampler.name)) skipUnrecordedChildren(provider, decider);

  // The API refuses a second provider: tracing was started already (the -r entry and the API
  // both used, say), and starting again would patch every module twice.
  if (!trace.setGlobalTracerProvider(provider)) {
    void provider.shutdown();
    return undefined;
  }
  context.setGlobalContextManager(new KitContextManager().enable());
  propagation.setGlobalPropagator(buildPropagator(settings.propagators));

  const appDir = process.argv[1] ? dirname(process.argv[1]) : process.cwd();
  const instrumentations = loadInstrumentations(settings, app, appDir, decider);
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  registerInstrumentations({ instrumentations: instrumentations.loaded, tracerProvider: provider });
  patchLoadedBuiltins(instrumentations.loaded);

  if (settings.sampler.name.endsWith('jaeger_remote')) probeRemoteSampling(settings.sampler, serviceName);

  const timeoutMillis = settings.otlp.timeoutMillis;
  const health = exporters.flatMap(({ exporter }) => (exporter instanceof ExportHealth ? [exporter] : []));
  // The batch processor's shutdown sends what is still queued, not a batch a flush has taken and
  // not yet handed to the exporter (the first export waits for the resource's attributes): the
  // shutdown waits for the last flush first. A flush never rejects.
  let flushing = Promise.resolve();
  return {
    provider,
    summary: startupLine(settings, serviceName, exporters, instrumentations),
    unexportedSpans: () => batches.reduce((sum, batch) => sum + batch.unexported(), 0),
    flush: () => (flushing = boundedFlush(() => provider.forceFlush({ timeoutMillis }), timeoutMillis, { holdProcess: false })),
    shutdown: () =>
      boundedFlush(
        async () => {
          await flushing;
          await provider.shutdown();
        },
        timeoutMillis,
        { holdProcess: true, announce: announceWait(health) },
      ).finally(() => health.forEach((exporter) => exporter.finalSummary())),
  };
}
