// Starts the two samples as users run them (`node -r @kit/register dist/server.js`), on free ports.
import * as path from 'node:path';
import { startService, stopAll, type Service } from './spawn';

const SAMPLES_DIR = path.resolve(__dirname, '..', '..', '..', 'samples');

export const GREETER_SERVICE = 'grpc-greeter';
export const FRONTEND_SERVICE = 'express-frontend';
/** A real PostgreSQL (the CI's); the greeter creates its table there if needed. */
export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Samples {
  greeter: Service;
  frontend: Service;
  /** e.g. http://127.0.0.1:41234 */
  frontendUrl: string;
  /** SIGTERM both (the kit flushes on the way out), SIGKILL what lingers. */
  stop(): Promise<void>;
}

/** Starts the greeter, then the frontend pointed at it; `tracingEnv` (OTEL_*, KIT_*) goes to both. */
export async function startSamples(tracingEnv: Record<string, string>): Promise<Samples> {
  const common = { PORT: '0', HOST: '127.0.0.1', OTEL_BSP_SCHEDULE_DELAY: '200', ...tracingEnv };
  const greeter = await startService({
    name: GREETER_SERVICE,
    cwd: path.join(SAMPLES_DIR, 'grpc-greeter'),
    args: ['-r', '@kit/register', 'dist/server.js'],
    env: { ...common, OTEL_SERVICE_NAME: GREETER_SERVICE, DATABASE_URL: TEST_DATABASE_URL },
    ready: /greeter listening on 127\.0\.0\.1:(\d+)/,
  });
  let frontend: Service;
  try {
    frontend = await startService({
      name: FRONTEND_SERVICE,
      cwd: path.join(SAMPLES_DIR, 'express-frontend'),
      args: ['-r', '@kit/register', 'dist/server.js'],
      env: { ...common, OTEL_SERVICE_NAME: FRONTEND_SERVICE, GREETER_ADDR: `127.0.0.1:${greeter.ready[1]}` },
      ready: /frontend listening on (http:\/\/127\.0\.0\.1:\d+)/,
    });
  } catch (err) {
    await greeter.stop();
    throw err;
  }
  return { greeter, frontend, frontendUrl: frontend.ready[1], stop: () => stopAll([frontend, greeter]) };
}
