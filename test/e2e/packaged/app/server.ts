// The same app in TypeScript with the code-first API, compiled by the app's own tsc.
import './tracing';
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.get('/greet', async (_req, res) => {
  const { rows } = await pool.query<{ greeting: string }>('SELECT $1::text AS greeting', ['hello']);
  res.json(rows[0]);
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening on ${typeof address === 'object' && address ? address.port : address}`);
});
process.once('SIGTERM', () => server.close(() => void pool.end()));
