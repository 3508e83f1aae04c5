import type { Instrumentation } from '@opentelemetry/instrumentation';
import { readFileSync } from 'node:fs';
import { sep } from 'node:path';
import { INSTRUMENTATION_NAMES } from '../config/instrumentation-options';
import { warn } from '../log';
import type { AppPackage } from './app-package';

const OFFICIAL_PREFIX = '@opentelemetry/instrumentation-';

/**
 * The module(s) each common instrumentation patches: when the app resolves none of them, the
 * instrumentation is not loaded. One not listed here is loaded and relies on its own hooks.
 */
const TARGETS: Record<string, string[]> = {
  amqplib: ['amqplib'],
  'cassandra-driver': ['cassandra-driver'],
  connect: ['connect'],
  dataloader: ['dataloader'],
  'generic-pool': ['generic-pool'],
  graphql: ['graphql'],
  hapi: ['@hapi/hapi'],
  ioredis: ['ioredis'],
  kafkajs: ['kafkajs'],
  knex: ['knex'],
  koa: ['koa'],
  memcached: ['memcached'],
  mongodb: ['mongodb'],
  mongoose: ['mongoose'],
  mysql: ['mysql'],
  mysql2: ['mysql2'],
  'nestjs-core': ['@nestjs/core'],
  oracledb: ['oracledb'],
  redis: ['redis', '@redis/client'],
  restify: ['restify'],
  router: ['router'],
  'socket.io': ['socket.io'],
  tedious: ['tedious'],
};

/**
 * The names of the official instrumentations listed in the app's dependencies or
 * optionalDependencies (ioredis for @opentelemetry/instrumentation-ioredis). Those the kit
 * brings itself are left out: its own copy, made for its release, is used.
 */
export function appInstrumentationNames(app: AppPackage | undefined): string[] {
  const builtIn: readonly string[] = INSTRUMENTATION_NAMES;
  return (app?.dependencies ?? [])
    .filter((dependency) => dependency.startsWith(OFFICIAL_PREFIX))
    .map((dependency) => dependency.slice(OFFICIAL_PREFIX.length))
    .filter((name) => name !== '' && !builtIn.includes(name));
}

/**
 * Loads the app's own @opentelemetry/instrumentation-<name> from the app's directory. 'absent'
 * when the library it traces is not there; undefined, after one warning, when it cannot be used.
 */
export function loadAppInstrumentation(name: string, options: Record<string, unknown>, appDir: string): Instrumentation | 'absent' | undefined {
  const packageName = `${OFFICIAL_PREFIX}${name}`;
  const targets = Object.hasOwn(TARGETS, name) ? TARGETS[name] : undefined;
  if (targets && !targets.some((target) => resolveFrom(target, appDir))) return 'absent';
  const main = resolveFrom(packageName, appDir);
  if (!main) {
    warn(`${packageName} is in the app's package.json but not installed (run npm install); ${name} is not traced`);
    return undefined;
  }
  const mismatch = releaseMismatch(packageName, main);
  if (mismatch) {
    warn(`${mismatch} (${name} is not traced meanwhile)`);
    return undefined;
  }
  try {
    const exported = Object.values(require(main) as Record<string, unknown>);
    const Class = exported.find(isInstrumentationClass);
    if (!Class) throw new Error('it exports no instrumentation class');
    return new Class(options);
  } catch (error) {
    warn(`${packageName} could not be started (${(error as Error)?.message ?? error}): not loaded, ${name} is not traced`);
    return undefined;
  }
}

type InstrumentationClass = new (options: Record<string, unknown>) => Instrumentation;

function isInstrumentationClass(value: unknown): value is InstrumentationClass {
  return typeof value === 'function' && value.name.endsWith('Instrumentation') && typeof value.prototype?.setTracerProvider === 'function';
}

/**
 * The release line of an @opentelemetry/instrumentation version: its experimental packages are
 * numbered 0.N00 from SDK N.0 on, and every 0.Nxx belongs to SDK N.x (0.300 and 0.301 both go with
 * SDK 3.x: contrib packages of this train declare ^0.300.0, the kit runs 0.301.0).
 */
function releaseLine(version: string): string | undefined {
  const match = /^(\d+)\.(\d+)\./.exec(version.replace(/^[\^~=v]+/, ''));
  return match ? `${match[1]}.${Math.floor(Number(match[2]) / 100)}xx` : undefined;
}

/**
 * Says how the @opentelemetry/instrumentation the package runs on (the one it resolves, else the
 * one it declares) differs in release line from the kit's; undefined when it does not, or when
 * that cannot be told.
 */
function releaseMismatch(packageName: string, main: string): string | undefined {
  const kit = instrumentationVersion(__dirname);
  const own = readPackage(packageName, main);
  const base = instrumentationVersion(packageRoot(packageName, main) ?? main) ?? stringAt(own?.dependencies, '@opentelemetry/instrumentation');
  if (!base || !kit || releaseLine(base) === releaseLine(kit)) return undefined;
  return `${packageName}@${stringAt(own, 'version') ?? '?'} is built on @opentelemetry/instrumentation ${base}, the kit on ${kit}: not loaded; install the release of it built on @opentelemetry/instrumentation ${releaseLine(kit)}`;
}

function instrumentationVersion(fromDir: string): string | undefined {
  const file = resolveFrom('@opentelemetry/instrumentation', fromDir);
  return file ? stringAt(readPackage('@opentelemetry/instrumentation', file), 'version') : undefined;
}

function resolveFrom(module: string, dir: string): string | undefined {
  try {
    return require.resolve(module, { paths: [dir] });
  } catch {
    return undefined;
  }
}

/** The package's folder, from a file resolved inside it (packages need not export package.json). */
function packageRoot(packageName: string, file: string): string | undefined {
  const marker = `${sep}node_modules${sep}${packageName.split('/').join(sep)}${sep}`;
  const at = file.lastIndexOf(marker);
  return at < 0 ? undefined : file.slice(0, at + marker.length);
}

function readPackage(packageName: string, file: string): Record<string, unknown> | undefined {
  const root = packageRoot(packageName, file);
  try {
    return root ? (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function stringAt(object: unknown, key: string): string | undefined {
  const value = typeof object === 'object' && object !== null ? (object as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}
