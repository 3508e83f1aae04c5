import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { InstrumentationName } from '../config/instrumentation-options';
import type { KitSettings } from '../config/settings';
import type { DecideOnce } from './decide-once';
import { httpOptions, isIgnoredPath } from './http-options';
import { skipUnrecordedLayers } from './unrecorded-express-layers';
import { gateIncomingRequests } from './unrecorded-requests';

interface InstrumentationEntry {
  /** The module it patches: when the app cannot resolve it, the instrumentation is not loaded. */
  module: string;
  create(options: Record<string, unknown>, settings: KitSettings, decider: DecideOnce): Instrumentation;
}

/** gRPC health checks (grpc.health.v1.Health/Check and /Watch) make no span, like /health. */
const GRPC_HEALTH_METHODS = ['Check', 'Watch'];

const INSTRUMENTATIONS: Record<InstrumentationName, InstrumentationEntry> = {
  http: {
    module: 'http',
    create: (options, settings, decider) => {
      const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
      const instrumentation = new HttpInstrumentation({ ...httpOptions(settings), ...options });
      gateIncomingRequests(instrumentation, decider, (request) => isIgnoredPath(request.url, settings.ignorePaths));
      return instrumentation;
    },
  },
  express: {
    module: 'express',
    create: (options, settings) => {
      const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express');
      const instrumentation = new ExpressInstrumentation(options);
      if (childrenFollowParent(settings)) skipUnrecordedLayers(instrumentation);
      return instrumentation;
    },
  },
  grpc: {
    module: '@grpc/grpc-js',
    create: (options) => {
      const { GrpcInstrumentation } = require('@opentelemetry/instrumentation-grpc');
      const ignored = (options.ignoreGrpcMethods as string[] | undefined) ?? [];
      return new GrpcInstrumentation({ ...options, ignoreGrpcMethods: [...GRPC_HEALTH_METHODS, ...ignored] });
    },
  },
  pg: {
    module: 'pg',
    create: (options) => {
      const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg');
      return new PgInstrumentation(options);
    },
  },
};

/**
 * Whether a span inside an unrecorded request is never recorded either: true of every sampler
 * but a jaeger_remote one that is not parent-based, whose per-operation strategies may record
 * a child of an unrecorded parent.
 */
function childrenFollowParent(settings: KitSettings): boolean {
  return settings.sampler.name !== 'jaeger_remote';
}

export interface InstrumentationChoice {
  loaded: Instrumentation[];
  /** Names enabled but skipped because the app does not have the module. */
  absent: InstrumentationName[];
}

/** Loads only the enabled instrumentations whose target module the app can resolve. */
export function loadInstrumentations(settings: KitSettings, appDir: string, decider: DecideOnce): InstrumentationChoice {
  const choice: InstrumentationChoice = { loaded: [], absent: [] };
  for (const [name, options] of Object.entries(settings.instrumentations) as [InstrumentationName, Record<string, unknown>][]) {
    const entry = INSTRUMENTATIONS[name];
    if (!isResolvable(entry.module, appDir)) {
      choice.absent.push(name);
      continue;
    }
    choice.loaded.push(entry.create(options, settings, decider));
  }
  return choice;
}

function isResolvable(module: string, appDir: string): boolean {
  try {
    require.resolve(module, { paths: [appDir] });
    return true;
  } catch {
    return false;
  }
}
