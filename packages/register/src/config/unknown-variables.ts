import type { Env } from './env-reader';
import { allOptionVariables, optionPrefix } from './instrumentation-options';
import { VARIABLES } from './variables';

/** Standard OTEL_* variables of other signals and exporters: legitimate, so no warning, but not read by the kit. */
const OTHER_SIGNALS = /^OTEL_(EXPORTER_OTLP_(METRICS|LOGS)_|METRIC_|METRICS_|BLRP_|LOGRECORD_|LOGS_|EXPORTER_PROMETHEUS_|EXPORTER_ZIPKIN_)/;
/**
 * Names the kit accepts without reading them (README, "More on some variables"): the TLS files the
 * OTLP exporters read themselves, and the semconv opt-in. Known, so a near miss is told its name.
 */
const ACCEPTED = [
  ...['CERTIFICATE', 'CLIENT_CERTIFICATE', 'CLIENT_KEY', 'INSECURE'].flatMap((tls) => [`OTEL_EXPORTER_OTLP_${tls}`, `OTEL_EXPORTER_OTLP_TRACES_${tls}`]),
  'OTEL_SEMCONV_STABILITY_OPT_IN',
];
/**
 * The Node SDK's and other distributions' OTEL_NODE_* variables (OTEL_NODE_EXCLUDED_URLS, ...):
 * silent, unless the name is a near miss of one the kit reads (OTEL_NODE_ENABLED_INSTRUMENTATION).
 */
const OTHER_NODE_VARIABLES = /^OTEL_NODE_/;

/**
 * One warning per OTEL_* / KIT_* name the kit does not know, with the closest known name. The
 * options of instrumentations found in the app (`appInstrumentations`) are theirs to know.
 */
export function unknownVariableWarnings(env: Env, appInstrumentations: readonly string[]): string[] {
  const known = [...VARIABLES.map((variable) => variable.name), ...allOptionVariables(), ...ACCEPTED];
  const appPrefixes = appInstrumentations.map(optionPrefix);
  const warnings: string[] = [];
  for (const name of Object.keys(env)) {
    if (!/^(OTEL|KIT)_/.test(name) || known.includes(name) || OTHER_SIGNALS.test(name)) continue;
    if (appPrefixes.some((prefix) => name.startsWith(prefix))) continue;
    const suggestion = closest(name, known);
    if (OTHER_NODE_VARIABLES.test(name) && suggestion === undefined) continue;
    warnings.push(`${name} is not a variable @kit/register knows${suggestion ? `; did you mean ${suggestion}?` : ''} (ignored)`);
  }
  return warnings;
}

/** The known name within a small edit distance of `name`, if any. */
function closest(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 6)) + 1;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
