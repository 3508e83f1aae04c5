import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from './env-reader';

/** A `NAME=value` line of a .env file that sets one of the kit's variables (`export` allowed). */
const KIT_VARIABLE_LINE = /^\s*(?:export\s+)?((?:OTEL|KIT)_[A-Za-z0-9_]+)\s*=/gm;

/**
 * The one line, if any, on OTEL_* / KIT_* variables set in the working directory's .env but not in
 * the environment: the kit reads the environment as the process starts, before the app's own
 * code (dotenv) loads the file, so those settings would be ignored without a word.
 */
export function envFileWarning(env: Env, dir = process.cwd()): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, '.env'), 'utf8');
  } catch {
    return undefined; // no .env: the usual case
  }
  const missing = [...new Set(Array.from(text.matchAll(KIT_VARIABLE_LINE), (match) => match[1]))].filter((name) => env[name] === undefined);
  if (missing.length === 0) return undefined;
  return `${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} set in .env but not in the environment tracing started with, so ${missing.length > 1 ? 'they are' : 'it is'} ignored: the kit starts before the app loads .env; start with node --env-file=.env (or -r dotenv/config before -r @kit/register)`;
}
