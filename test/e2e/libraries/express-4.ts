// Express 4, which many services still run, beside the repository's Express 5: installed from the
// registry into a temp directory with a copy of the express fixture, so that `require('express')`
// there is Express 4, as in such a service.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../packaged/consumer';
import { FIXTURES } from './run-both';

/** The release installed: exact, so that the test does not change under us. */
export const EXPRESS_4 = '4.22.3';

/** A temp directory holding `express/app.cjs` and Express 4 in its node_modules. */
export async function express4App(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kit-express4-'));
  try {
    cpSync(join(FIXTURES, 'express'), join(dir, 'express'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'express-4-app', version: '1.0.0', private: true, dependencies: { express: EXPRESS_4 } }));
    const installed = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], dir);
    if (installed.code !== 0) throw new Error(`npm install express@${EXPRESS_4} failed:\n${installed.stderr}`);
    return dir;
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
