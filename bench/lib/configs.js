'use strict';
// The configurations compared, each a way of starting the same app.
const path = require('node:path');

const APP = path.join(__dirname, '..', 'app', 'server.js');
const ONE_PERCENT = { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.01' };

/** The environment of the bench minus anything that would configure a bootstrap behind its back. */
function cleanEnv() {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('OTEL_') || name.startsWith('KIT_') || name === 'NODE_OPTIONS') delete env[name];
  }
  return env;
}

/** Same exporter settings for both bootstraps: OTLP http/protobuf to the sink, traces only. */
function exportTo(sinkPort) {
  return {
    OTEL_SERVICE_NAME: 'bench-app',
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sinkPort}`,
  };
}

// Upstream loads every instrumentation package at start whatever this says; enabling only
// the two this app uses keeps its per-request path comparable to the kit's (dns, net and
// undici would otherwise add work the kit does not do). Cloud resource detectors are left
// out: on this host they only probe metadata endpoints in the background and warn.
const UPSTREAM_ONLY = {
  OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,express',
  OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process,serviceinstance,container',
};

/** name → { preload (the `-r` module or none), env } */
function configurations({ sinkPort, upstreamRegister }) {
  const kit = { ...exportTo(sinkPort), KIT_QUIET: 'true' };
  const upstream = { ...exportTo(sinkPort), ...UPSTREAM_ONLY };
  return {
    bare: { preload: undefined, env: {} },
    kit: { preload: '@kit/register', env: kit },
    upstream: { preload: upstreamRegister, env: upstream },
    kit_1pct: { preload: '@kit/register', env: { ...kit, ...ONE_PERCENT } },
    upstream_1pct: { preload: upstreamRegister, env: { ...upstream, ...ONE_PERCENT } },
  };
}

/** The node command line and environment that start the app in a configuration. */
function appCommand(config, nodeFlags = []) {
  const args = [...nodeFlags, ...(config.preload ? ['-r', config.preload] : []), APP];
  return { args, env: { ...cleanEnv(), ...config.env, PORT: '0' } };
}

module.exports = { configurations, appCommand, cleanEnv };
