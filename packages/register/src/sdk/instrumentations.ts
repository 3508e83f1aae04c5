import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { InstrumentationName } from '../config/instrumentation-options';
import type { KitSettings } from '../config/settings';
import { loadAppInstrumentation } from './app-instrumentations';
import { layersFollowTheirRequest } from './sampler';
import type { AppPackage } from './app-package';
import { appUsage } from './app-uses';
import type { DecideOnce } from './decide-once';
import { httpOptions, ignoredPathMatcher } from './http-options';
import { LazyUndiciInstrumentation } from './lazy-undici';
import { undiciOptions } from './undici-options';
import { watchForUnpatchedExpress } from './unpatched-express';
import { skipUnrecordedLayers } from './unrecorded-express-layers';
import { gateIncomingRequests } from './unrecorded-requests';

interface InstrumentationEntry {
  /** The module it patches: unless the app uses it and can resolve it, the instrumentation is not loaded. Undefined: built into Node. */
  module?: string;
  create(options: Record<string, unknown>, settings: KitSettings, decider: DecideOnce): Instrumentation;
}

const INSTRUMENTATIONS: Record<InstrumentationName, InstrumentationEntry> = {
  http: {
    module: 'http',
    create: (options, settings, decider) => {
      const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
      const instrumentation = new HttpInstrumentation({ ...httpOptions(settings), ...options });
      (require('../upstream-fixes/http-raw-headers') as typeof import('../upstream-fixes/http-raw-headers')).keepRawHeaders(instrumentation);
      const isIgnored = ignoredPathMatcher(settings.ignorePaths);
      gateIncomingRequests(instrumentation, decider, (request) => isIgnored(request.url));
      return instrumentation;
    },
  },
  undici: {
    // Node's own fetch is undici; the undici package, if the app has it, reports the same events.
    create: (options, settings) =>
      new LazyUndiciInstrumentation({ ...undiciOptions(settings), ...options }, (config) => {
        const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici');
        return new UndiciInstrumentation(config);
      }),
  },
  express: {
    module: 'express',
    create: (options, settings) => {
      const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express');
      const instrumentation = new ExpressInstrumentation(options);
      if (layersFollowTheirRequest(settings.sampler.name)) skipUnrecordedLayers(instrumentation);
      // After the switch above, so that the handle it keeps for unrecorded requests sets req.next too.
      (require('../upstream-fixes/express-next-is-req-next') as typeof import('../upstream-fixes/express-next-is-req-next')).keepNextAsReqNext(instrumentation);
      watchForUnpatchedExpress();
      return instrumentation;
    },
  },
  grpc: {
    module: '@grpc/grpc-js',
    create: (options) => {
      const { GrpcInstrumentation } = require('@opentelemetry/instrumentation-grpc');
      const instrumentation = new GrpcInstrumentation(options);
      // Required here, so the fixes load only for an app that uses gRPC.
      (require('../upstream-fixes/grpc') as typeof import('../upstream-fixes/grpc')).applyGrpcFixes(instrumentation);
      return instrumentation;
    },
  },
  pg: {
    module: 'pg',
    create: (options) => {
      const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg');
      return new PgInstrumentation(options);
    },
  },
  // Log correlation only: trace ids into the app's records; no log records are sent (traces only).
  pino: {
    module: 'pino',
    create: (options) => {
      const { PinoInstrumentation } = require('@opentelemetry/instrumentation-pino');
      return new PinoInstrumentation({ ...options, disableLogSending: true });
    },
  },
  winston: {
    module: 'winston',
    create: (options) => {
      const { WinstonInstrumentation } = require('@opentelemetry/instrumentation-winston');
      return new WinstonInstrumentation({ ...options, disableLogSending: true });
    },
  },
};

export interface InstrumentationChoice {
  loaded: Instrumentation[];
  /** Names enabled but skipped because the app does not have the module. */
  absent: string[];
  /** Names enabled but skipped because the module, though it resolves, is not one the app uses. */
  unused: string[];
}

/** The package a built-in instrumentation patches, if it patches one (undefined for an app's own or for undici). */
export function patchedModuleOf(name: string): string | undefined {
  return Object.hasOwn(INSTRUMENTATIONS, name) ? INSTRUMENTATIONS[name as InstrumentationName].module : undefined;
}

/**
 * Loads only the enabled instrumentations of modules the app uses (see appUsage) and can
 * resolve: the kit's own, and those the app installed itself (from the app's directory).
 */
export function loadInstrumentations(settings: KitSettings, app: AppPackage | undefined, appDir: string, decider: DecideOnce): InstrumentationChoice {
  const choice: InstrumentationChoice = { loaded: [], absent: [], unused: [] };
  const usedByApp = appUsage(app);
  for (const [name, options] of Object.entries(settings.instrumentations)) {
    const instrumentation = Object.hasOwn(INSTRUMENTATIONS, name)
      ? loadBuiltIn(INSTRUMENTATIONS[name as InstrumentationName], options, settings, appDir, decider, usedByApp)
      : loadAppInstrumentation(name, options, appDir);
    if (instrumentation === 'absent') choice.absent.push(name);
    else if (instrumentation === 'unused') choice.unused.push(name);
    else if (instrumentation) choice.loaded.push(instrumentation);
  }
  return choice;
}

function loadBuiltIn(
  entry: InstrumentationEntry,
  options: Record<string, unknown>,
  settings: KitSettings,
  appDir: string,
  decider: DecideOnce,
  usedByApp: (module: string) => boolean,
): Instrumentation | 'absent' | 'unused' {
  if (entry.module !== undefined && !isResolvable(entry.module, appDir)) return 'absent';
  if (entry.module !== undefined && !usedByApp(entry.module)) return 'unused';
  return entry.create(options, settings, decider);
}

function isResolvable(module: string, appDir: string): boolean {
  try {
    require.resolve(module, { paths: [appDir] });
    return true;
  } catch {
    return false;
  }
}
