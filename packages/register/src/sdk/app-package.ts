import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

export interface AppPackage {
  name?: string;
  version?: string;
  /** The names in dependencies and optionalDependencies: what the app runs with in production. */
  dependencies: string[];
  /** The folder of that package.json. */
  dir?: string;
  /** Its "type": "module" makes the app's .js files ES modules. */
  type?: string;
  /**
   * Every name it lists: dependencies, devDependencies, optionalDependencies, peerDependencies.
   * Undefined for a workspaces root, whose lists are its tooling's: a script in it runs on what
   * the workspaces installed.
   */
  listed?: string[];
}

/**
 * The package.json nearest to the app's entry script (or the working directory), so that an
 * unconfigured service is named after its package rather than "unknown_service".
 */
export function readAppPackage(entry = process.argv[1]): AppPackage | undefined {
  let dir = entry ? dirname(entry) : process.cwd();
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      return {
        name: typeof pkg.name === 'string' ? pkg.name : undefined,
        version: typeof pkg.version === 'string' ? pkg.version : undefined,
        dependencies: [...keysOf(pkg.dependencies), ...keysOf(pkg.optionalDependencies)],
        dir,
        type: typeof pkg.type === 'string' ? pkg.type : undefined,
        listed: pkg.workspaces === undefined ? DEPENDENCY_FIELDS.flatMap((field) => keysOf(pkg[field])) : undefined,
      };
    } catch {
      // No (readable) package.json here: look one level up.
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function keysOf(value: unknown): string[] {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : [];
}
