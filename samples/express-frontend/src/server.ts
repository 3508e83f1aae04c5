// The Express frontend: `node -r @kit/register dist/server.js`. Tracing comes from the -r flag and
// OTEL_* env vars alone; nothing here knows about exporters.
//
// Env: PORT (default 8080; 0 picks a free one), HOST (default 0.0.0.0),
//      GREETER_ADDR (default localhost:50051).
import type { AddressInfo } from 'node:net';
import express from 'express';
import { connectGreeter } from './greeter-client';
import { helloHandler, helloLanguagesHandler } from './hello-route';
import { authorHandler, quoteHandler } from './quote';

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '0.0.0.0';
const greeter = connectGreeter(process.env.GREETER_ADDR ?? 'localhost:50051');

const app = express();
// The kit makes no span for /health (KIT_IGNORE_PATHS), so probes do not flood the traces.
app.get('/health', (_req, res) => {
  res.json({ status: 'ok' });
});
app.get('/hello/:name', helloHandler(greeter));
app.get('/hello/:name/languages', helloLanguagesHandler(greeter));
app.get('/internal/quote', quoteHandler);
app.get('/internal/author', authorHandler);

const server = app.listen(port, host, (err?: Error) => {
  if (err) {
    console.error('frontend failed to start:', err);
    process.exitCode = 1;
    return;
  }
  const { port: boundPort } = server.address() as AddressInfo;
  console.log(`frontend listening on http://${host}:${boundPort}`);
});

const stop = () => {
  server.close();
  greeter.close();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
