// The gRPC Greeter: `node -r @kit/register dist/server.js`. Tracing comes from the -r flag and
// OTEL_* env vars alone; nothing here knows about exporters.
//
// Env: PORT (default 50051; 0 picks a free one), HOST (default 0.0.0.0),
//      DATABASE_URL (unset: an embedded PostgreSQL is started in-process).
import * as grpc from '@grpc/grpc-js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { greeterHandlers } from './greeter-service';
import { loadGreeterService } from './greeter-proto';
import { openGreetingsDb } from './greetings-db';

/** How long in-flight calls get to finish on SIGTERM/SIGINT before they are cut. */
const SHUTDOWN_GRACE_MS = 2_000;

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 50051);
  const host = process.env.HOST ?? '0.0.0.0';

  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres();
    databaseUrl = embedded.url;
    console.log(`greeter using embedded PostgreSQL (PGlite) at ${databaseUrl}`);
  }
  // The embedded server takes one connection at a time.
  const db = await openGreetingsDb({ connectionString: databaseUrl, max: embedded ? 1 : 10 });

  const server = new grpc.Server();
  server.addService(loadGreeterService(), greeterHandlers(db));
  const boundPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  console.log(`greeter listening on ${host}:${boundPort}`);

  const stop = () => {
    const forced = setTimeout(() => server.forceShutdown(), SHUTDOWN_GRACE_MS).unref();
    server.tryShutdown(async () => {
      clearTimeout(forced);
      await db.close();
      await embedded?.stop();
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err) => {
  console.error('greeter failed to start:', err);
  process.exitCode = 1;
});
