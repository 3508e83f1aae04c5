import { deployPath, readYaml } from './files';

/** The parts of a Compose file these tests look at. */
export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string; target?: string };
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string | string[] };
  volumes?: Array<string | { type: string; source?: string }>;
  ports?: Array<string | number>;
  profiles?: string[];
  command?: string | string[];
}
export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export const COMPOSE_FILE = deployPath('docker-compose.yml');
export const COLLECTOR_OVERRIDE_FILE = deployPath('docker-compose.collector.yml');
export const SAMPLE_SERVICES = ['grpc-greeter', 'express-frontend'] as const;

export function loadCompose(file: string): ComposeFile {
  return readYaml<ComposeFile>(file);
}

/**
 * Compose's variable interpolation, enough for these files: ${VAR:-default}, ${VAR-default},
 * ${VAR} and $VAR from `env`, and $$ for a literal dollar.
 */
export function interpolate(value: string, env: Record<string, string> = {}): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced, colon, fallback, bare) => {
    if (match === '$$') return '$';
    const name = (braced ?? bare) as string;
    const set = env[name];
    if (fallback === undefined) return set ?? '';
    return set === undefined || (colon === ':' && set === '') ? fallback : set;
  });
}

/**
 * Merges Compose files the way `docker compose -f a -f b` does for what these files use:
 * mappings merge key by key, anything else from the later file replaces the earlier.
 */
export function mergeCompose(base: ComposeFile, ...overrides: ComposeFile[]): ComposeFile {
  return overrides.reduce((merged, override) => deepMerge(merged, override) as ComposeFile, base);
}

function deepMerge(a: unknown, b: unknown): unknown {
  if (!isMapping(a) || !isMapping(b)) return b;
  const result: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) result[key] = key in a ? deepMerge(a[key], value) : value;
  return result;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A service's environment as the container sees it, after interpolation with `hostEnv`. */
export function containerEnv(service: ComposeService, hostEnv: Record<string, string> = {}): Record<string, string> {
  const entries = Array.isArray(service.environment)
    ? service.environment.map((item) => item.split(/=(.*)/s, 2) as [string, string])
    : Object.entries(service.environment ?? {}).map(([key, value]) => [key, value === null ? '' : String(value)]);
  return Object.fromEntries(entries.map(([key, value]) => [key, interpolate(value ?? '', hostEnv)]));
}

export function dependencies(service: ComposeService): Record<string, string> {
  const dependsOn = service.depends_on ?? {};
  return Array.isArray(dependsOn)
    ? Object.fromEntries(dependsOn.map((name) => [name, 'service_started']))
    : Object.fromEntries(Object.entries(dependsOn).map(([name, { condition }]) => [name, condition]));
}
