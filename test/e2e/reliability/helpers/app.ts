// The reliability fixture app (test/e2e/fixtures/reliability/app.cjs) run as users run theirs:
// `node --expose-gc -r @kit/register app.cjs`, with the kit's output kept apart for assertions.
import * as path from 'node:path';
import { startService, type Service } from '../../helpers/spawn';

export const APP_DIR = path.resolve(__dirname, '..', '..', 'fixtures', 'reliability');

export interface App {
  service: Service;
  url: string;
}

export async function startApp(env: Record<string, string>, maxLifetimeMs = 120_000): Promise<App> {
  const service = await startService({
    name: 'reliability-app',
    cwd: APP_DIR,
    // --expose-gc: /health/memory measures what is still referenced, not garbage awaiting a GC.
    args: ['--expose-gc', '-r', '@kit/register', 'app.cjs'],
    env,
    ready: /listening on (\d+)/,
    maxLifetimeMs,
  });
  return { service, url: `http://127.0.0.1:${service.ready[1]}` };
}

/** The lines the kit printed (start-up line, warnings), in order. */
export function kitLines(service: Service): string[] {
  return service.output().split('\n').filter((line) => line.startsWith('[@kit/register]'));
}

export async function getJson<T = unknown>(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { headers });
  return { status: response.status, body: (await response.json()) as T };
}

export interface Memory {
  rss: number;
  heapUsed: number;
}

/** RSS and heap of the app after a full GC. */
export async function memoryOf(app: App): Promise<Memory> {
  return (await getJson<Memory>(`${app.url}/health/memory`)).body;
}

export const MB = 1024 * 1024;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
