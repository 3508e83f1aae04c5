#!/usr/bin/env node
// `npm run demo [-- --keep]`: the two samples traced end to end on this machine, nothing to
// install but the repository. Starts the trace receiver (waterfalls on stdout, a web UI), the gRPC
// Greeter (with an embedded PostgreSQL unless DATABASE_URL is set) and the Express frontend, both
// under `node -r @kit/register`, drives a few requests with the sample client, then stops
// everything. With --keep it stays up until Ctrl-C (or SIGTERM), for you to curl the frontend and
// browse the traces.
'use strict';

const { constants } = require('node:os');
const { startChild, stopChild, killAll } = require('./demo/children');
const { startDemoReceiver, uiUrl } = require('./demo/receiver');

const KEEP = process.argv.includes('--keep');
/** Without --keep, the whole demo ends by then whatever happens. */
const DEMO_TIMEOUT_MS = 180_000;
/** The client's last traces are printed once no span came for the receiver's quiet period (1.5 s). */
const SETTLE_MS = 3_000;

const shown = [];
const services = [];
let receiver;
let stopping;
process.on('exit', killAll);

/** Stops the services (frontend first: it calls the greeter), then the receiver; once. */
function stopEverything() {
  stopping ??= (async () => {
    for (const service of services) await stopChild(service);
    // Closing the receiver prints the waterfalls still within their quiet period.
    await receiver?.close();
  })();
  return stopping;
}

// SIGTERM (npm passes it on) or Ctrl-C: stop the samples and the receiver, leave nothing behind.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopEverything().finally(() => process.exit(KEEP && signal === 'SIGINT' ? 0 : 128 + constants.signals[signal]));
  });
}

/**
 * The frontend logs one pino line per greeting, and the kit put its trace id in it: say which
 * waterfall that is, and where the UI shows it.
 */
function pointFromLogToTrace(output) {
  const line = output.split('\n').find((text) => text.includes('"msg":"greeting sent"'));
  const traceId = line && JSON.parse(line).trace_id;
  if (!traceId) return;
  console.log(`\ndemo: the frontend logged\n  ${line}\n` +
    `demo: its trace_id is the "trace ${traceId}" waterfall: ${uiUrl(receiver.ports.ui, traceId)}\n`);
}

/** What to do next, printed last so that it does not scroll away above the waterfalls. */
function printSummary(frontendUrl) {
  const lines = ['', `demo: ${shown.length} traces shown${KEEP ? '' : ' (the receiver has stopped: `npm run demo -- --keep` keeps them open)'}:`];
  for (const traceId of shown) lines.push(`  ${uiUrl(receiver.ports.ui, traceId)}`);
  if (KEEP) {
    lines.push(
      `demo: web UI ${uiUrl(receiver.ports.ui)}  (Jaeger's query API: ${uiUrl(receiver.ports.ui)}api/traces?service=express-frontend)`,
      `demo: up until Ctrl-C. Try:`,
      `  curl ${frontendUrl}/hello/you`,
      `  curl '${frontendUrl}/hello/you?fail=1'`,
    );
  }
  console.log(`${lines.join('\n')}\n`);
}

/** Until every trace received has been printed, and nothing new came for a while. */
async function settle() {
  const deadline = Date.now() + 10 * SETTLE_MS;
  let spans = -1;
  while (Date.now() < deadline) {
    const now = receiver.spans().length;
    if (now === spans && shown.length >= receiver.traces().length) return;
    spans = now;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS / 2));
  }
}

async function main() {
  if (!KEEP) {
    setTimeout(() => {
      console.error(`demo: still running after ${DEMO_TIMEOUT_MS} ms; stopping`);
      process.exit(1);
    }, DEMO_TIMEOUT_MS).unref();
  }
  receiver = await startDemoReceiver(process.stdout, shown);
  const { otlpHttp, otlpGrpc, ui } = receiver.ports;
  console.log(`demo: receiver up, OTLP/HTTP on ${otlpHttp}, OTLP/gRPC on ${otlpGrpc}, web UI ${uiUrl(ui)}`);

  // Tracing is configured by env vars alone, as a user would. Spans are exported every 0.5 s
  // (the default is 5 s), so each waterfall follows its request closely.
  const tracing = {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpHttp}`,
    OTEL_BSP_SCHEDULE_DELAY: '500',
  };
  // Loopback and free ports, so the demo runs beside whatever already listens on 8080 or 50051.
  const listen = { HOST: '127.0.0.1', PORT: '0' };
  const greeter = await startChild(
    'greeter',
    'samples/grpc-greeter',
    ['-r', '@kit/register', 'dist/server.js'],
    // Only the pg queries made for a request: not the start-up CREATE TABLE, each a trace of its own.
    { ...tracing, ...listen, OTEL_SERVICE_NAME: 'grpc-greeter', KIT_INSTR_PG_REQUIRE_PARENT_SPAN: 'true' },
    /greeter listening on [^\s:]+:(\d+)/,
  );
  services.push(greeter);
  const frontend = await startChild(
    'frontend',
    'samples/express-frontend',
    ['-r', '@kit/register', 'dist/server.js'],
    { ...tracing, ...listen, OTEL_SERVICE_NAME: 'express-frontend', GREETER_ADDR: `127.0.0.1:${greeter.match[1]}` },
    /frontend listening on (http:\/\/\S+)/,
  );
  services.unshift(frontend);
  const frontendUrl = frontend.match[1];

  const client = await startChild('client', 'samples/express-frontend', ['dist/client.js'], { FRONTEND_URL: frontendUrl });
  await client.exited;
  pointFromLogToTrace(frontend.output());

  if (KEEP) {
    await settle();
    printSummary(frontendUrl);
    return; // The signal handlers stop everything.
  }
  await stopEverything();
  printSummary(frontendUrl);
}

main().catch(async (err) => {
  console.error(`demo failed: ${err.message}`);
  await stopEverything();
  process.exit(1);
});
