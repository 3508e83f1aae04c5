// A fresh app outside the repository, with the kit installed from the tarballs `npm pack` makes,
// as the README's install section says: what a user gets before the packages are on the registry.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const REPO = join(__dirname, '..', '..', '..');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs npm (or another command) with the caller's Node first on PATH and without the npm_*
 * variables that `npm test` exports: npm_config_local_prefix and its kind would point the
 * child npm at this repository instead of the app. `extraEnv` is added after that.
 */
export async function run(command: string, args: string[], cwd: string, timeoutMs = 90_000, extraEnv: Record<string, string> = {}): Promise<Run> {
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))), ...extraEnv };
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, { cwd, env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: `${failed.stderr ?? ''}${failed}` };
  }
}

/** The version the repository runs, so that the app's install hits the npm cache. */
function repoVersion(name: string): string {
  return (require(join(REPO, 'node_modules', name, 'package.json')) as { version: string }).version;
}

/** Packs both packages, creates the app in a temp directory, installs; the app's directory. */
export async function createConsumerApp(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kit-packaged-'));
  try {
    return await packAndInstall(dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function packAndInstall(dir: string): Promise<string> {
  const packed = await run('npm', ['pack', '-w', 'packages/register', '-w', 'packages/receiver', '--pack-destination', dir], REPO);
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
  const tarball = (prefix: string) => `file:../${readdirSync(dir).find((file) => file.startsWith(prefix) && file.endsWith('.tgz'))}`;

  const app = join(dir, 'app');
  cpSync(join(__dirname, 'app'), app, { recursive: true });
  const devDependencies = Object.fromEntries(['typescript', '@types/express', '@types/pg', '@types/node'].map((name) => [name, repoVersion(name)]));
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'packaged-app',
      version: '1.0.0',
      private: true,
      dependencies: { '@kit/register': tarball('kit-register-'), express: repoVersion('express'), pg: repoVersion('pg') },
      devDependencies: { '@kit/receiver': tarball('kit-receiver-'), ...devDependencies },
    }),
  );
  const installed = await run('npm', ['install', '--strict-peer-deps', '--prefer-offline', '--no-audit', '--no-fund'], app);
  if (installed.code !== 0) throw new Error(`npm install --strict-peer-deps failed:\n${installed.stderr}`);
  return app;
}
