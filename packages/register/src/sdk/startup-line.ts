import type { KitSettings } from '../config/settings';
import type { ConfiguredExporter } from './exporters';
import type { InstrumentationChoice } from './instrumentations';

/** One line: service, exporters and endpoints (secrets masked), sampler, propagators, instrumentations. */
export function startupLine(
  settings: KitSettings,
  serviceName: string,
  exporters: ConfiguredExporter[],
  instrumentations: InstrumentationChoice,
): string {
  const exporting = exporters.length > 0 ? exporters.map(({ description }) => description).join(' + ') : 'none (spans are still created and propagated)';
  const { sampler } = settings;
  const samplerArg = sampler.name.endsWith('traceidratio')
    ? `(${sampler.ratio})`
    : sampler.name.endsWith('jaeger_remote')
      ? `(${sampler.remote.endpoint}, every ${sampler.remote.pollingIntervalMs} ms, initially ${sampler.remote.initialSamplingRate})`
      : '';
  const loaded = instrumentations.loaded.map((instrumentation) => instrumentation.instrumentationName.replace('@opentelemetry/instrumentation-', ''));
  const absent = instrumentations.absent.length > 0 ? ` (not installed: ${instrumentations.absent.join(',')})` : '';
  const unused = instrumentations.unused.length > 0 ? ` (not in the app's package.json: ${instrumentations.unused.join(',')})` : '';
  return [
    `tracing ${serviceName}`,
    `exporter ${exporting}`,
    `sampler ${sampler.name}${samplerArg}`,
    `propagators ${settings.propagators.join(',') || 'none'}`,
    `instrumentations ${loaded.join(',') || 'none'}${absent}${unused}`,
  ].join(' | ');
}
