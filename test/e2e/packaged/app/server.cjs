// An Express + pg app as a user writes it, run with `node -r @kit/register server.cjs`.
const express = require('express');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.get('/greet', async (req, res) => {
  const { rows } = await pool.query('SELECT $1::text AS greeting', ['hello']);
  res.json(rows[0]);
});
const server = app.listen(0, '127.0.0.1', () => console.log(`listening on ${server.address().port}`));
process.once('SIGTERM', () => server.close(() => pool.end()));
