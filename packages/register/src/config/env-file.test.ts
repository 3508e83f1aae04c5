import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envFileWarning } from './env-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kit-env-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const DOTENV = ['# OTEL_COMMENTED=1', 'DATABASE_URL=postgres://db/app', 'OTEL_SERVICE_NAME=checkout', 'export KIT_QUIET=true', '  OTEL_TRACES_SAMPLER = always_off', ''].join('\n');

it('names the OTEL_* and KIT_* variables .env sets that the environment lacks, and the fix', () => {
  writeFileSync(join(dir, '.env'), DOTENV);
  expect(envFileWarning({ OTEL_TRACES_SAMPLER: 'always_off' }, dir)).toBe(
    'OTEL_SERVICE_NAME, KIT_QUIET are set in .env but not in the environment tracing started with, so they are ignored: the kit starts before the app loads .env; start with node --env-file=.env (or -r dotenv/config before -r @kit/register)',
  );
  expect(envFileWarning({ OTEL_SERVICE_NAME: 'x', KIT_QUIET: 'true' }, dir)).toMatch(/^OTEL_TRACES_SAMPLER is set in \.env .* it is ignored/);
});

it('says nothing when the environment has them all, when .env sets none, or when there is no .env', () => {
  writeFileSync(join(dir, '.env'), DOTENV);
  expect(envFileWarning({ OTEL_SERVICE_NAME: 'checkout', KIT_QUIET: 'true', OTEL_TRACES_SAMPLER: 'always_off' }, dir)).toBeUndefined();
  writeFileSync(join(dir, '.env'), 'DATABASE_URL=postgres://db/app\n');
  expect(envFileWarning({}, dir)).toBeUndefined();
  rmSync(join(dir, '.env'));
  expect(envFileWarning({}, dir)).toBeUndefined();
});
