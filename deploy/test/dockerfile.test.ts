import * as fs from 'node:fs';
import * as path from 'node:path';
import { copies, effective, parseDockerfile } from './support/dockerfile';
import { DEPLOY_DIR, REPO_ROOT } from './support/files';

const dockerfile = parseDockerfile(path.join(DEPLOY_DIR, 'Dockerfile'));
const SAMPLE_TARGETS = ['grpc-greeter', 'express-frontend'];

/** .dockerignore patterns as regular expressions (the `**`, `*` and plain-path forms used here). */
function dockerignored(): RegExp[] {
  return fs
    .readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((pattern) => {
      const body = pattern
        .split('/')
        .map((part) => (part === '**' ? '(?:.*/)?' : `${part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}/`))
        .join('');
      return new RegExp(`^${body.replace(/\/$/, '')}(?:/|$)`);
    });
}

describe('deploy/Dockerfile', () => {
  test('has the build, deps and runtime stages and one target per sample', () => {
    expect(dockerfile.stages.map((stage) => stage.name)).toEqual(['build', 'deps', 'runtime', ...SAMPLE_TARGETS]);
  });

  test('base images are pinned to an exact version', () => {
    for (const stage of dockerfile.stages) {
      const external = !dockerfile.stages.some((other) => other.name === stage.image);
      if (external) expect(stage.image).toMatch(/^[a-z0-9./-]+:\d+\.\d+\.\d+(-[a-z0-9.-]+)?$/);
    }
  });

  test('every COPY from the build context names a file or folder that exists and is not ignored', () => {
    const ignored = dockerignored();
    const sources = dockerfile.stages.flatMap(copies).filter((copy) => copy.from === undefined).flatMap((copy) => copy.sources);
    expect(sources.length).toBeGreaterThan(10);
    for (const source of sources) {
      expect({ source, exists: fs.existsSync(path.join(REPO_ROOT, source)) }).toEqual({ source, exists: true });
      expect({ source, ignoredBy: ignored.find((pattern) => pattern.test(source))?.source }).toEqual({ source, ignoredBy: undefined });
    }
  });

  test('.dockerignore keeps node_modules and build output out of the context', () => {
    const ignored = dockerignored();
    for (const path of ['node_modules', 'packages/register/node_modules', 'samples/grpc-greeter/dist']) {
      expect({ path, ignored: ignored.some((pattern) => pattern.test(path)) }).toEqual({ path, ignored: true });
    }
  });

  test('every COPY --from names an earlier stage', () => {
    dockerfile.stages.forEach((stage, index) => {
      const earlier = dockerfile.stages.slice(0, index).map((other) => other.name);
      for (const copy of copies(stage).filter((c) => c.from !== undefined)) expect(earlier).toContain(copy.from);
    });
  });

  test('the builds compile only workspaces the root package.json declares', () => {
    const workspaces: string[] = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).workspaces;
    const build = dockerfile.stages.find((stage) => stage.name === 'build');
    const tsc = build?.instructions.find((instruction) => instruction.args.includes('tsc -b'));
    const compiled = tsc?.args.split(/\s+/).slice(tsc.args.split(/\s+/).indexOf('-b') + 1) ?? [];
    expect(compiled).toEqual(['packages/register', 'samples/grpc-greeter', 'samples/express-frontend']);
    for (const workspace of compiled) expect(workspaces).toContain(workspace);
  });

  test.each(SAMPLE_TARGETS)('target %s runs its compiled server under -r @kit/register as a non-root user', (target) => {
    const stage = dockerfile.stages.find((candidate) => candidate.name === target)!;
    const user = effective(dockerfile, stage, 'USER')?.args ?? 'root';
    expect(user).toMatch(/^[1-9]\d*(:\d+)?$/);

    const cmd = JSON.parse(effective(dockerfile, stage, 'CMD')?.args ?? '[]');
    expect(cmd).toEqual(['node', '-r', '@kit/register', `samples/${target}/dist/server.js`]);
    // dist/server.js is what tsc makes of src/server.ts (rootDir src, outDir dist).
    const tsconfig = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'samples', target, 'tsconfig.json'), 'utf8'));
    expect(tsconfig.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
    expect(fs.existsSync(path.join(REPO_ROOT, 'samples', target, 'src', 'server.ts'))).toBe(true);
    expect(copies(stage)).toContainEqual(expect.objectContaining({ from: 'build', sources: [`/src/samples/${target}/dist`] }));
  });

  test("@kit/register's -r entry is the file the runtime stage copies in", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'packages/register/package.json'), 'utf8'));
    const requireEntry: string = manifest.exports['.'].require;
    expect(requireEntry).toMatch(/^\.\/dist\//);
    const runtime = dockerfile.stages.find((stage) => stage.name === 'runtime')!;
    expect(copies(runtime)).toContainEqual(expect.objectContaining({ from: 'build', sources: ['/src/packages/register/dist'] }));
  });
});
