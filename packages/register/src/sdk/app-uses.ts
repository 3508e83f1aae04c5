import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import type { AppPackage } from './app-package';

/** The kit's own packages: what they depend on is there for the kit, not for the app. */
const KIT_PACKAGES = ['@kit/register', '@kit/receiver'];

/**
 * Whether the app uses a module, as its package.json says: it lists the module, or one of the
 * packages it lists does (express under @nestjs/platform-express). That the module resolves from
 * the app's folder is not enough: npm hoists what the kit brings beside the app's own packages
 * (@grpc/grpc-js, which the OTLP gRPC exporter needs). Without a package.json that lists any
 * dependency (or with a workspaces root's) there is nothing to go on, and every module counts as
 * used. Built-ins always do.
 */
export function appUsage(app: AppPackage | undefined): (module: string) => boolean {
  const listed = app?.listed ?? [];
  if (!app?.dir || listed.length === 0) return () => true;
  const dir = app.dir;
  let listedByListed: Set<string> | undefined;
  return (module) => {
    if (isBuiltin(module) || listed.includes(module)) return true;
    // Read only when needed, and once: one package.json per package the app lists.
    listedByListed ??= new Set(listed.filter((name) => !KIT_PACKAGES.includes(name)).flatMap((name) => dependenciesOf(name, dir)));
    return listedByListed.has(module);
  };
}

/** The dependencies of an installed package, found as Node would from `fromDir`; [] when not found. */
function dependenciesOf(name: string, fromDir: string): string[] {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as Record<string, unknown>;
      return [pkg.dependencies, pkg.optionalDependencies, pkg.peerDependencies].flatMap((deps) =>
        typeof deps === 'object' && deps !== null ? Object.keys(deps) : [],
      );
    } catch {
      if (dirname(dir) === dir) return [];
    }
  }
}
