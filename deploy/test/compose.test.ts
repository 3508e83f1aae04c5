import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import {
  COLLECTOR_OVERRIDE_FILE,
  COMPOSE_FILE,
  ComposeFile,
  containerEnv,
  dependencies,
  interpolate,
  loadCompose,
  mergeCompose,
  SAMPLE_SERVICES,
} from './support/compose';
import { parseDockerfile } from './support/dockerfile';
import { DEPLOY_DIR, REPO_ROOT, variablesReadBySamples } from './support/files';

/**
 * The Compose Specification's JSON schema, as shipped in the dclint package (the npm package
 * that carries a current copy of compose-spec/schema/compose-spec.json).
 */
function composeSpecValidator() {
  const schemaFile = path.join(path.dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json');
  // Ajv knows draft-07 by its http://...# id; the schema names it with https and no '#'.
  const { $schema: _draft, ...schema } = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
  // strict off: the schema uses union types that Ajv's strict mode only warns about.
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

const validate = composeSpecValidator();
const base = loadCompose(COMPOSE_FILE);
const override = loadCompose(COLLECTOR_OVERRIDE_FILE);
const withCollector = mergeCompose(base, override);

/** An exact version: 2.19.0, 16.10, 24.21.0-bookworm-slim; never latest or a bare major. */
const PINNED_TAG = /:\d+\.\d+(\.\d+)?(-[a-z0-9.-]+)?$/;

describe('deploy/docker-compose.yml', () => {
  test.each([
    ['docker-compose.yml', base],
    ['docker-compose.collector.yml', override],
    ['both merged', withCollector],
  ])('%s is valid against the Compose Specification schema', (_name, file) => {
    expect(validate(file)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });

  test('the schema check is live: a misspelt healthcheck key is rejected', () => {
    const broken = structuredClone(base) as unknown as { services: Record<string, Record<string, unknown>> };
    broken.services.jaeger.helthcheck = broken.services.jaeger.healthcheck;
    expect(validate(broken)).toBe(false);
  });

  test.each([
    ['docker-compose.yml', base],
    ['with the collector', withCollector],
  ])('%s: every dependency exists, and service_healthy ones have a health check', (_name, file: ComposeFile) => {
    for (const [name, service] of Object.entries(file.services)) {
      for (const [dependency, condition] of Object.entries(dependencies(service))) {
        expect({ service: name, dependency, exists: dependency in file.services }).toEqual({ service: name, dependency, exists: true });
        if (condition === 'service_healthy') expect(file.services[dependency].healthcheck).toBeDefined();
      }
    }
  });

  test('the samples start after PostgreSQL and Jaeger are healthy, the frontend after the greeter', () => {
    expect(dependencies(base.services['grpc-greeter'])).toEqual({ postgres: 'service_healthy', jaeger: 'service_healthy' });
    expect(dependencies(base.services['express-frontend'])).toEqual({
      'grpc-greeter': 'service_healthy',
      jaeger: 'service_healthy',
    });
    for (const sample of SAMPLE_SERVICES) expect(dependencies(withCollector.services[sample])).toHaveProperty('otel-collector');
  });

  test('every image is pinned to an exact version', () => {
    for (const [name, service] of Object.entries(withCollector.services)) {
      expect({ name, image: interpolate(service.image ?? '') }).toEqual({ name, image: expect.stringMatching(PINNED_TAG) });
    }
  });

  test('the samples are built from deploy/Dockerfile targets that exist, at the repository root', () => {
    const stages = parseDockerfile(path.join(DEPLOY_DIR, 'Dockerfile')).stages.map((stage) => stage.name);
    for (const sample of SAMPLE_SERVICES) {
      const build = base.services[sample].build;
      expect(path.resolve(DEPLOY_DIR, build?.context ?? '.')).toBe(REPO_ROOT);
      expect(path.resolve(REPO_ROOT, build?.dockerfile ?? '')).toBe(path.join(DEPLOY_DIR, 'Dockerfile'));
      expect(stages).toContain(build?.target);
    }
  });

  test('every bind-mounted file exists', () => {
    const binds = Object.values(withCollector.services)
      .flatMap((service) => service.volumes ?? [])
      .map((volume) => (typeof volume === 'string' ? volume.split(':')[0] : volume.source ?? ''))
      .filter((source) => source.startsWith('.'));
    expect(binds.length).toBeGreaterThanOrEqual(3);
    for (const source of binds) expect(fs.existsSync(path.resolve(DEPLOY_DIR, source))).toBe(true);
  });

  test("the samples' non-tracing variables are ones the samples read", () => {
    const read = variablesReadBySamples();
    for (const sample of SAMPLE_SERVICES) {
      for (const name of Object.keys(containerEnv(withCollector.services[sample]))) {
        if (!/^(OTEL|KIT)_/.test(name)) expect({ sample, name, read: read.has(name) }).toEqual({ sample, name, read: true });
      }
    }
  });

  test('the loadgen script is valid sh once Compose has unescaped it', () => {
    const loadgen = base.services.loadgen;
    expect(loadgen.profiles).toEqual(['load']);
    const script = interpolate(([] as string[]).concat(loadgen.command ?? []).join('\n'));
    expect(script).toContain('$FRONTEND_URL');
    const check = spawnSync('sh', ['-n', '-c', script], { timeout: 10_000, killSignal: 'SIGKILL', encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
