#!/usr/bin/env node
// `npm run demo [-- --keep]`: the two samples traced end to end on this machine, nothing to
// install but the repository. Starts the trace receiver (waterfalls on stdout), the gRPC Greeter
// (with an embedded PostgreSQL unless DATABASE_URL is set) and the Express frontend, both under
// `node -r @kit/register`, drives a few requests with the sample client, then stops everything.
// With --keep it stays up until Ctrl-C, for you to curl the frontend.
'use strict';

const path = require('node:path');
const { spawn } = require('node:child_process');
const { startReceiver, DEFAULT_PORTS, FREE_PORTS } = require('../packages/receiver/dist');

const ROOT = path.resolve(__dirname, '..');
const KEEP = process.argv.includes('--keep');
/** A service that has not printed its ready line by then has failed (the embedded DB takes ~5 s). */
const READY_TIMEOUT_MS = 60_000;
/** SIGKILL what has not exited this long after SIGTERM. */
const STOP_GRACE_MS = 5_000;
/** Without --keep, the whole demo ends by then whatever happens. */
const DEMO_TIMEOUT_MS = 180_000;

const children = new Set();
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));

/** Jaeger's own ports when free, so that any app run with the kit's defaults reports here too. */
async function startLocalReceiver() {
  const print = process.stdout;
  try {
    return await startReceiver({ print });
  } catch (err) {
    if (err.code !== 'EADDRINUSE') throw err;
    console.log(`demo: Jaeger's ports ${Object.values(DEFAULT_PORTS).join(', ')} are taken; using free ones`);
    return startReceiver({ print, ...FREE_PORTS });
  }
}

/**
 * Runs `node args` in `cwd`, its output prefixed with `[name]`; resolves once it printed a line
 * matching `ready` (with the match), or at once when there is no `ready`.
 */
function startChild(name, cwd, args, env, ready) {
  const child = spawn(process.execPath, args, { cwd: path.join(ROOT, cwd), env: { ...process.env, ...env } });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} was not ready after ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    const onData = (chunk) => {
      const text = chunk.toString('utf8');
      for (const line of text.split('\n').filter(Boolean)) console.log(`[${name}] ${line}`);
      output += text;
      const match = ready ? output.match(ready) : [];
      if (match) {
        clearTimeout(timer);
        resolve({ name, child, exited, match, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    if (!ready) onData(Buffer.alloc(0));
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (code ${code}, signal ${signal}) before it was ready`));
    });
  });
}

async function stopChild({ child, exited }) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(killer);
}

/**
 * The frontend logs one pino line per greeting, and the kit put its trace id in it: say which
 * waterfall that is, and where Jaeger shows it.
 */
function pointFromLogToTrace(output) {
  const line = output.split('\n').find((text) => text.includes('"msg":"greeting sent"'));
  const traceId = line && JSON.parse(line).trace_id;
  if (!traceId) return;
  console.log(`\ndemo: the frontend logged\n  ${line}\n` +
    `demo: its trace_id is the "trace ${traceId}" waterfall; in the Jaeger UI: search ${traceId}, or open /trace/${traceId}\n`);
}

async function main() {
  if (!KEEP) {
    setTimeout(() => {
      console.error(`demo: still running after ${DEMO_TIMEOUT_MS} ms; stopping`);
      process.exit(1);
    }, DEMO_TIMEOUT_MS).unref();
  }
  const receiver = await startLocalReceiver();
  console.log(`demo: receiver up, OTLP/HTTP on ${receiver.ports.otlpHttp}, OTLP/gRPC on ${receiver.ports.otlpGrpc}`);

  // Tracing is configured by env vars alone, as a user would. Spans are exported every 0.5 s
  // (the default is 5 s), so each waterfall follows its request closely.
  const tracing = {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.ports.otlpHttp}`,
    OTEL_BSP_SCHEDULE_DELAY: '500',
  };
  // Loopback and free ports, so the demo runs beside whatever already listens on 8080 or 50051.
  const listen = { HOST: '127.0.0.1', PORT: '0' };
  const services = [];
  try {
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
    services.unshift(frontend); // stopped first: it calls the greeter
    const frontendUrl = frontend.match[1];

    const client = await startChild(
      'client',
      'samples/express-frontend',
      ['dist/client.js'],
      { FRONTEND_URL: frontendUrl },
    );
    await client.exited;
    pointFromLogToTrace(frontend.output());

    if (KEEP) {
      console.log(`\ndemo: up until Ctrl-C. Try:\n  curl ${frontendUrl}/hello/you\n  curl '${frontendUrl}/hello/you?fail=1'\n`);
      await new Promise((resolve) => process.once('SIGINT', resolve));
    }
  } finally {
    // SIGTERM: the kit flushes each service's spans; closing the receiver prints the last waterfalls.
    for (const service of services) await stopChild(service);
    await receiver.close();
  }
}

main().catch((err) => {
  console.error(`demo failed: ${err.message}`);
  process.exitCode = 1;
});
