import * as sdk from '@opentelemetry/sdk-trace';
import type { Sampler } from '@opentelemetry/sdk-trace';
import type { SamplerName, SamplerSettings } from '../config/settings';

/** The sampler the settings name, built from the official samplers. */
export function buildSampler(settings: SamplerSettings, serviceName: string): Sampler {
  const parentBased = (root: Sampler): Sampler => new sdk.ParentBasedSampler({ root });
  switch (settings.name) {
    case 'always_on':
      return new sdk.AlwaysOnSampler();
    case 'always_off':
      return new sdk.AlwaysOffSampler();
    case 'traceidratio':
      return new sdk.TraceIdRatioBasedSampler(settings.ratio);
    case 'parentbased_always_off':
      return parentBased(new sdk.AlwaysOffSampler());
    case 'parentbased_traceidratio':
      return parentBased(new sdk.TraceIdRatioBasedSampler(settings.ratio));
    case 'jaeger_remote':
      return jaegerRemoteSampler(settings, serviceName);
    case 'parentbased_jaeger_remote':
      return parentBased(jaegerRemoteSampler(settings, serviceName));
    case 'parentbased_always_on':
      return parentBased(new sdk.AlwaysOnSampler());
  }
}

/**
 * Whether a span inside a request whose server span is not recorded is never recorded either,
 * its parent being that server span, judged by the same sampler on the same trace id: true of
 * every sampler but a jaeger_remote one that is not parent-based, whose per-operation
 * strategies may record such a child. (always_on records every request; traceidratio gives a
 * trace id the same answer each time.)
 */
export function layersFollowTheirRequest(name: SamplerName): boolean {
  return name !== 'jaeger_remote';
}

/**
 * Whether the sampler leaves every child of an unsampled span unsampled, whatever else it is
 * asked: the parent-based ones (their default delegates for an unsampled parent are always_off)
 * and always_off. Not always_on, traceidratio or jaeger_remote on their own, which judge a
 * child afresh.
 */
export function childrenOfUnsampledAreUnsampled(name: SamplerName): boolean {
  return name.startsWith('parentbased_') || name === 'always_off';
}

/** Sampling steered from Jaeger's remote sampling endpoint (5778), polled in the background. */
function jaegerRemoteSampler({ remote }: SamplerSettings, serviceName: string): Sampler {
  // Loaded only when chosen: most apps never need it.
  const { JaegerRemoteSampler } = require('@opentelemetry/sampler-jaeger-remote');
  // The sampler polls with a plain setInterval that would keep an app alive that would
  // otherwise exit; take hold of that timer and unref it.
  return withUnrefIntervals(
    () =>
      new JaegerRemoteSampler({
        endpoint: remote.endpoint,
        serviceName,
        poolingInterval: remote.pollingIntervalMs,
        initialSampler: new sdk.TraceIdRatioBasedSampler(remote.initialSamplingRate),
      }),
  );
}

function withUnrefIntervals<T>(create: () => T): T {
  const original = global.setInterval;
  global.setInterval = ((...args: Parameters<typeof setInterval>) => original(...args).unref()) as typeof setInterval;
  try {
    return create();
  } finally {
    global.setInterval = original;
  }
}
