import { Pool, type PoolConfig } from 'pg';

/** The greetings table, created by the greeter itself on start. */
const CREATE_TABLE = `
  CREATE TABLE IF NOT EXISTS greetings (
    id         bigserial PRIMARY KEY,
    name       text        NOT NULL,
    language   text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`;
const CREATE_INDEX = 'CREATE INDEX IF NOT EXISTS greetings_name_idx ON greetings (name)';

/**
 * Serializes the CREATE statements of greeters starting at the same time against one database:
 * CREATE TABLE IF NOT EXISTS alone can still fail on a concurrent create (duplicate pg_type).
 */
const SCHEMA_LOCK_KEY = 'otel-kit greetings schema';

export interface GreetingsDb {
  /** Stores one greeting; returns how many times `name` has been greeted so far. */
  record(name: string, language: string): Promise<number>;
  close(): Promise<void>;
}

export async function openGreetingsDb(config: PoolConfig): Promise<GreetingsDb> {
  const pool = new Pool(config);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [SCHEMA_LOCK_KEY]);
    await client.query(CREATE_TABLE);
    await client.query(CREATE_INDEX);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }

  return {
    async record(name, language) {
      await pool.query('INSERT INTO greetings (name, language) VALUES ($1, $2)', [name, language]);
      const { rows } = await pool.query<{ count: string }>(
        'SELECT count(*) AS count FROM greetings WHERE name = $1',
        [name],
      );
      return Number(rows[0].count);
    },
    close: () => pool.end(),
  };
}
