import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { SamplerSettings } from '../config/settings';
import { warn } from '../log';

const PROBE_TIMEOUT_MS = 5000;

/**
 * One early look at the Jaeger sampling endpoint. The official remote sampler only reports
 * fetch failures through the SDK's diagnostics, so a wrong endpoint would go unnoticed; this
 * says so once. Untraced, and never keeps the process alive.
 */
export function probeRemoteSampling({ remote }: SamplerSettings, serviceName: string): void {
  const url = `${remote.endpoint}/sampling?service=${encodeURIComponent(serviceName)}`;
  const fallback = `sampling at initialSamplingRate ${remote.initialSamplingRate} until it answers`;
  const report = (problem: string) => warn(`jaeger_remote: ${url} ${problem}; ${fallback}`);
  context.with(suppressTracing(context.active()), () => {
    try {
      // Loaded here: most apps never use jaeger_remote, and https brings in tls.
      const { get } = (url.startsWith('https:') ? require('node:https') : require('node:http')) as typeof import('node:http');
      const request = get(url, (response) => {
        response.resume();
        if (response.statusCode !== 200) report(`answered HTTP ${response.statusCode}`);
      });
      request.setTimeout(PROBE_TIMEOUT_MS, () => request.destroy(new Error(`no answer in ${PROBE_TIMEOUT_MS} ms`)));
      request.on('socket', (socket) => socket.unref());
      request.on('error', (error) => report(`could not be reached (${error.message})`));
    } catch (error) {
      report(`could not be requested (${(error as Error).message})`);
    }
  });
}
