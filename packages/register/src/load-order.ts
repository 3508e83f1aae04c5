import { isBuiltin } from 'node:module';
import { basename, extname, sep } from 'node:path';
import type { AppPackage } from './sdk/app-package';
import { patchedModuleOf } from './sdk/instrumentations';

/** Set by the --import entry (import.mts) once ES module loading is hooked; the same key there. */
const ESM_HOOKED = Symbol.for('@kit/register.esm-hooked');

/** How tracing was started: by the -r / --import entries, or by startTracing(). */
export type Entry = 'preload' | 'api';

/**
 * The one line, if any, on how the app's modules escape tracing because of the order they were
 * loaded in: an ES module app whose `import`s are not hooked (-r, or the API, without --import),
 * or instrumented modules loaded before tracing started (require hooks patch a module when it
 * is first loaded).
 */
export function loadOrderWarning(entry: Entry, instrumentations: readonly string[], app: AppPackage | undefined, main = process.argv[1]): string | undefined {
  const hooked = (globalThis as Record<symbol, unknown>)[ESM_HOOKED] === true;
  if (main && !hooked && isEsModule(main, app)) {
    // Its fix, --import, is also the fix for anything it imported before the API ran: one line.
    const file = basename(main);
    return entry === 'api'
      ? `${file} is an ES module and startTracing() cannot hook import: what it imports (express, pg, ...) is not traced; start it with node --import @kit/register ${file} (configured by the environment) instead`
      : `${file} is an ES module and -r does not hook import: what it imports (express, pg, ...) is not traced; start it with node --import @kit/register ${file}`;
  }
  const early = instrumentedModulesAmong(instrumentations, Object.keys(require.cache));
  if (early.length === 0) return undefined;
  const fix =
    entry === 'api'
      ? 'call startTracing() before anything loads them (in a file of its own, required first), or start with node -r @kit/register (node --import @kit/register for ES modules)'
      : 'load @kit/register first: node -r @kit/register (node --import @kit/register for ES modules)';
  return `${early.join(', ')} ${early.length > 1 ? 'were' : 'was'} loaded before tracing started, so ${early.length > 1 ? 'they are' : 'it is'} not traced; ${fix}`;
}

/**
 * The packages the enabled instrumentations patch as they are first loaded that are among the
 * loaded files. Node's own modules (http) are left out: those already loaded are patched in place
 * when tracing starts (sdk/loaded-builtins.ts).
 */
export function instrumentedModulesAmong(instrumentations: readonly string[], loadedFiles: readonly string[]): string[] {
  return instrumentations.flatMap((name) => {
    const module = patchedModuleOf(name);
    if (module === undefined || isBuiltin(module)) return [];
    const folder = `${sep}node_modules${sep}${module.split('/').join(sep)}${sep}`;
    return loadedFiles.some((file) => file.includes(folder)) ? [module] : [];
  });
}

/** Whether Node runs `file` as an ES module: .mjs/.mts, or .js/.ts under a package.json with "type": "module". */
export function isEsModule(file: string, app: AppPackage | undefined): boolean {
  const extension = extname(file);
  if (extension === '.mjs' || extension === '.mts') return true;
  return (extension === '.js' || extension === '.ts') && app?.type === 'module';
}
