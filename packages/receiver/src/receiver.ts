import type { Server } from 'node:http';
import { closeServer, createRoutedServer, listen } from './http/server';
import type { Log } from './in/ingest';
import { startJaegerAgentUdp } from './in/jaeger-agent-udp';
import { decodeBinaryEmitBatch, type ThriftBatch } from './in/jaeger-schema';
import { handleJaegerThrift, JAEGER_TRACES_PATH } from './in/jaeger-thrift';
import { startOtlpGrpc } from './in/otlp-grpc';
import { handleOtlpHttp, OTLP_TRACES_PATH } from './in/otlp-http';
import { decodeCompactEmitBatch } from './in/thrift-compact';
import { jaegerRoutes } from './out/jaeger-api';
import { handleApi, isApiPath } from './out/receiver-json-api';
import { kitUiRoutes } from './out/kit-ui-api';
import { handleUiApi, isUiApiPath } from './out/ui-api';
import { renderWaterfall, supportsColour } from './out/waterfall';
import { DEFAULT_WEB_DIR, handleWebUi } from './out/web-ui';
import { handleSampling, SAMPLING_PATH } from './sampling/endpoint';
import { loadStrategies } from './sampling/strategies';
import { FinishedTraces } from './store/finished-traces';
import { TraceStore } from './store/store';
import { Waiters } from './store/waiters';
import type { Protocol, Receiver, ReceivedSpan, ReceiverOptions, Trace } from './types';

/** Jaeger all-in-one's ports, so that starting real Jaeger instead needs no other change. */
export const DEFAULT_PORTS = { otlpHttp: 4318, otlpGrpc: 4317, jaegerHttp: 14268, sampling: 5778, ui: 16686, jaegerCompactUdp: 6831, jaegerBinaryUdp: 6832 };

/** Every listener on a free port: `startReceiver({ ...FREE_PORTS })`, for tests and second receivers. */
export const FREE_PORTS = {
  otlpHttpPort: 0,
  otlpGrpcPort: 0,
  jaegerHttpPort: 0,
  samplingPort: 0,
  uiPort: 0,
  jaegerCompactUdpPort: 0,
  jaegerBinaryUdpPort: 0,
} as const satisfies ReceiverOptions;
const DEFAULTS = { host: '127.0.0.1', maxTraces: 1000, maxBodyBytes: 20 * 1024 * 1024, quietPeriodMs: 1500 };
const DEFAULT_WAIT_MS = 10_000;

const stderrLog: Log = (message) => process.stderr.write(`[kit-receiver] ${message}\n`);

/** Starts every listener; resolves once all are bound. */
export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const host = options.host ?? DEFAULTS.host;
  const log = options.log ?? stderrLog;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  const store = new TraceStore(options.maxTraces ?? DEFAULTS.maxTraces);
  const waiters = new Waiters();
  const printer = options.print;
  const finished = new FinishedTraces(options.quietPeriodMs ?? DEFAULTS.quietPeriodMs, (traceId) => {
    const trace = store.trace(traceId);
    if (printer && trace) printer.write(renderWaterfall(trace, { colour: supportsColour(printer) }) + '\n');
  });

  const ingest = (spans: ReceivedSpan[]): void => {
    const touched = store.add(spans);
    if (printer) finished.touch(touched);
    waiters.notify();
  };

  // Read the strategies before binding anything, so that a bad file fails the start cleanly.
  const strategies = loadStrategies(options.samplingStrategies);
  const otlpHttp = createRoutedServer(
    [
      [(path) => path === OTLP_TRACES_PATH, handleOtlpHttp(maxBodyBytes, ingest, log)],
      [isApiPath, handleApi(store)],
    ],
    log,
  );
  const jaegerHttp = createRoutedServer([[(path) => path === JAEGER_TRACES_PATH, handleJaegerThrift(maxBodyBytes, ingest, log)]], log);
  const sampling = createRoutedServer([[(path) => path === SAMPLING_PATH, handleSampling(strategies)]], log);
  const ui = createRoutedServer([[isUiApiPath, handleUiApi([...jaegerRoutes(store), ...kitUiRoutes(store)])], [() => true, handleWebUi(options.webDir ?? DEFAULT_WEB_DIR)]], log);
  const closers: Array<() => Promise<void>> = [];
  const bind = async (server: Server, port: number | undefined, fallback: number): Promise<number> => {
    const bound = await listen(server, host, port ?? fallback);
    closers.push(() => closeServer(server));
    return bound;
  };

  let ports: Receiver['ports'];
  try {
    const grpc = await startOtlpGrpc(host, options.otlpGrpcPort ?? DEFAULT_PORTS.otlpGrpc, maxBodyBytes, ingest, log);
    closers.push(grpc.close);
    const udp = async (port: number, protocol: Protocol, decode: (datagram: Buffer) => ThriftBatch): Promise<number> => {
      const agent = await startJaegerAgentUdp(host, port, protocol, decode, ingest, log);
      closers.push(agent.close);
      return agent.port;
    };
    ports = {
      otlpHttp: await bind(otlpHttp, options.otlpHttpPort, DEFAULT_PORTS.otlpHttp),
      otlpGrpc: grpc.port,
      jaegerHttp: await bind(jaegerHttp, options.jaegerHttpPort, DEFAULT_PORTS.jaegerHttp),
      sampling: await bind(sampling, options.samplingPort, DEFAULT_PORTS.sampling),
      ui: await bind(ui, options.uiPort, DEFAULT_PORTS.ui),
      jaegerCompactUdp: await udp(options.jaegerCompactUdpPort ?? DEFAULT_PORTS.jaegerCompactUdp, 'jaeger-thrift-udp-compact', decodeCompactEmitBatch),
      jaegerBinaryUdp: await udp(options.jaegerBinaryUdpPort ?? DEFAULT_PORTS.jaegerBinaryUdp, 'jaeger-thrift-udp-binary', decodeBinaryEmitBatch),
    };
  } catch (error) {
    // A port in use: release what was bound before failing.
    await Promise.all(closers.map((close) => close()));
    throw error;
  }

  const describe = (): string => {
    const traces = store.traces();
    return `holding ${traces.length} traces: ` + traces.map((t) => `${t.traceId} [${t.spans.map((s) => `${s.serviceName}:${s.name}`).join(', ')}]`).join('; ');
  };

  return {
    ports,
    spans: () => store.spans(),
    traces: () => store.traces(),
    waitForTrace: (predicate: (trace: Trace) => boolean, { timeoutMs = DEFAULT_WAIT_MS } = {}) =>
      waiters.wait(() => store.traces().find(predicate), timeoutMs, describe),
    waitForSpans: (predicate: (spans: ReceivedSpan[]) => boolean, { timeoutMs = DEFAULT_WAIT_MS } = {}) =>
      waiters.wait(
        () => {
          const spans = store.spans();
          return predicate(spans) ? spans : undefined;
        },
        timeoutMs,
        describe,
      ),
    clear: () => {
      finished.cancel();
      store.clear();
    },
    close: async () => {
      finished.flush();
      waiters.failAll(new Error('receiver closed'));
      await Promise.all(closers.map((close) => close()));
    },
  };
}
