import { parseArgs } from 'node:util';
import { DEFAULT_PORTS, startReceiver } from './receiver';

const USAGE = `Usage: kit-receiver [options]

Receives traces as Jaeger all-in-one does and prints each finished trace as a waterfall.

  --host HOST                 interface to listen on (default 127.0.0.1; 0.0.0.0 for all)
  --ui-port N                 web UI and Jaeger's query API /api/... (default ${DEFAULT_PORTS.ui})
  --otlp-http-port N          OTLP/HTTP /v1/traces, and the JSON API /api/traces (default ${DEFAULT_PORTS.otlpHttp})
  --otlp-grpc-port N          OTLP/gRPC (default ${DEFAULT_PORTS.otlpGrpc})
  --jaeger-http-port N        Jaeger Thrift over HTTP, POST /api/traces (default ${DEFAULT_PORTS.jaegerHttp})
  --jaeger-compact-udp-port N Jaeger agent, compact Thrift emitBatch over UDP (default ${DEFAULT_PORTS.jaegerCompactUdp})
  --jaeger-binary-udp-port N  Jaeger agent, binary Thrift emitBatch over UDP (default ${DEFAULT_PORTS.jaegerBinaryUdp})
  --sampling-port N           Jaeger remote sampling, GET /sampling?service= (default ${DEFAULT_PORTS.sampling})
  --sampling-strategies FILE  Jaeger strategies-file JSON served on the sampling port
  --max-traces N              traces kept in memory (default 1000)
  --quiet-period MS           a trace is printed once no span came for it for this long (default 1500)
  -h, --help                  show this help
Port 0 picks a free port. Colours follow the terminal; NO_COLOR turns them off.`;

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${flag} must be a port number, got "${value}"`);
  return n;
}

function positive(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} must be a positive integer, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string' },
      'ui-port': { type: 'string' },
      'otlp-http-port': { type: 'string' },
      'otlp-grpc-port': { type: 'string' },
      'jaeger-http-port': { type: 'string' },
      'jaeger-compact-udp-port': { type: 'string' },
      'jaeger-binary-udp-port': { type: 'string' },
      'sampling-port': { type: 'string' },
      'sampling-strategies': { type: 'string' },
      'max-traces': { type: 'string' },
      'quiet-period': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const receiver = await startReceiver({
    host: values.host,
    otlpHttpPort: port(values['otlp-http-port'], '--otlp-http-port'),
    otlpGrpcPort: port(values['otlp-grpc-port'], '--otlp-grpc-port'),
    jaegerHttpPort: port(values['jaeger-http-port'], '--jaeger-http-port'),
    jaegerCompactUdpPort: port(values['jaeger-compact-udp-port'], '--jaeger-compact-udp-port'),
    jaegerBinaryUdpPort: port(values['jaeger-binary-udp-port'], '--jaeger-binary-udp-port'),
    samplingPort: port(values['sampling-port'], '--sampling-port'),
    uiPort: port(values['ui-port'], '--ui-port'),
    samplingStrategies: values['sampling-strategies'],
    maxTraces: positive(values['max-traces'], '--max-traces'),
    quietPeriodMs: positive(values['quiet-period'], '--quiet-period'),
    print: process.stdout,
  });
  const host = values.host ?? '127.0.0.1';
  const { otlpHttp, otlpGrpc, jaegerHttp, jaegerCompactUdp, jaegerBinaryUdp, sampling, ui } = receiver.ports;
  process.stdout.write(
    [
      'kit-receiver is listening:',
      `  web UI       http://${host}:${ui}/  (and Jaeger's query API, /api/traces?service=NAME)`,
      `  OTLP/HTTP    http://${host}:${otlpHttp}/v1/traces  (protobuf, JSON)`,
      `  OTLP/gRPC    ${host}:${otlpGrpc}`,
      `  Jaeger HTTP  http://${host}:${jaegerHttp}/api/traces  (Thrift)`,
      `  Jaeger UDP   ${host}:${jaegerCompactUdp} (compact Thrift), ${host}:${jaegerBinaryUdp} (binary Thrift)`,
      `  sampling     http://${host}:${sampling}/sampling?service=NAME`,
      `  JSON API     http://${host}:${otlpHttp}/api/traces[?service=NAME]`,
      'Waiting for traces (Ctrl-C to stop).',
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    // Prints the traces still within their quiet period, then exits.
    receiver.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`kit-receiver: ${error.message}\n`);
  process.exitCode = 1;
});
