// The gRPC Greeter sample alone (`node -r @kit/register dist/server.js`, real PostgreSQL), and a
// plain client for it that sends the metadata a test chooses.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as path from 'node:path';
import { TEST_DATABASE_URL } from '../../helpers/samples';
import { startService, type Service } from '../../helpers/spawn';

const GREETER_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'samples', 'grpc-greeter');

export function startGreeter(env: Record<string, string>): Promise<Service> {
  return startService({
    name: 'grpc-greeter',
    cwd: GREETER_DIR,
    args: ['-r', '@kit/register', 'dist/server.js'],
    env: { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: TEST_DATABASE_URL, OTEL_BSP_SCHEDULE_DELAY: '100', ...env },
    ready: /greeter listening on 127\.0\.0\.1:(\d+)/,
  });
}

type SayHello = (request: { name: string }, metadata: grpc.Metadata, callback: (error: grpc.ServiceError | null) => void) => void;

export interface GreeterClient {
  /** Resolves with the call's status code (0 is OK). */
  sayHello(name: string, metadata: Record<string, string>): Promise<grpc.status>;
  close(): void;
}

export function greeterClient(port: string): GreeterClient {
  const definition = protoLoader.loadSync(path.join(GREETER_DIR, 'proto', 'helloworld.proto'), { longs: Number, defaults: true });
  const Greeter = (grpc.loadPackageDefinition(definition).helloworld as grpc.GrpcObject).Greeter as grpc.ServiceClientConstructor;
  const client = new Greeter(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    sayHello: (name, entries) =>
      new Promise((resolve) => {
        const metadata = new grpc.Metadata();
        for (const [key, value] of Object.entries(entries)) metadata.set(key, value);
        (client.SayHello as SayHello).call(client, { name }, metadata, (error) => resolve(error ? error.code : grpc.status.OK));
      }),
    close: () => client.close(),
  };
}
