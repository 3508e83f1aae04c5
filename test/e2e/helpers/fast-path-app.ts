// The fast-path fixture app (test/e2e/fixtures/fast-path/app.cjs) run under a preload: the kit
// (`-r @kit/register`) or the reference set-up of the official pieces (`-r ./reference-tracing.cjs`).
import * as path from 'node:path';
import type { Receiver } from '@kit/receiver';
import { startService, type Service } from './spawn';

const APP_DIR = path.resolve(__dirname, '..', 'fixtures', 'fast-path');

export const KIT = '@kit/register';
export const REFERENCE = './reference-tracing.cjs';

export interface FastPathApp {
  service: Service;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** The port of the app's second local server (GET /proxy calls it). */
  stockPort: number;
}

/** Starts the app exporting OTLP http/protobuf to `receiver`; `env` adds OTEL_* / KIT_* settings. */
export async function startFastPathApp(preload: string, receiver: Receiver, env: Record<string, string> = {}): Promise<FastPathApp> {
  const service = await startService({
    name: `fast-path app under ${preload}`,
    cwd: APP_DIR,
    args: ['-r', preload, 'app.cjs'],
    env: {
      OTEL_SERVICE_NAME: 'fast-path',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.ports.otlpHttp}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      ...env,
    },
    ready: /listening on (\d+) stock on (\d+)/,
    maxLifetimeMs: 60_000,
  });
  const port = Number(service.ready[1]);
  return { service, url: `http://127.0.0.1:${port}`, port, stockPort: Number(service.ready[2]) };
}
