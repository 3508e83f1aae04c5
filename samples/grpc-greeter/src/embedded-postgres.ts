import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** postgres:// URL of the local socket server. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts an in-memory PostgreSQL (PGlite) behind a local socket, so the sample runs on a machine
 * without PostgreSQL. It serves one connection at a time: use a pool of at most one client.
 */
export async function startEmbeddedPostgres(): Promise<EmbeddedPostgres> {
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  return {
    // getServerConn() gives "host:port" with the port actually bound.
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
