// The same app as an ES module, run with `node --import @kit/register server.mjs`.
import express from 'express';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.get('/greet', async (req, res) => {
  const { rows } = await pool.query('SELECT $1::text AS greeting', ['hello']);
  res.json(rows[0]);
});
const server = app.listen(0, '127.0.0.1', () => console.log(`listening on ${server.address().port}`));
process.once('SIGTERM', () => server.close(() => pool.end()));
