import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { PassThrough } from 'node:stream';
import { FREE_PORTS, startReceiver } from '../src';
import { exportFixtureTrace } from './fixture-trace';

/** Starts a receiver printing to a stream, exports the fixture trace, and returns what was printed. */
async function printedWaterfall(stream: PassThrough): Promise<string> {
  let printed = '';
  stream.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const receiver = await startReceiver({ ...FREE_PORTS, print: stream, quietPeriodMs: 100, log: () => {} });
  try {
    const sent = await exportFixtureTrace(new OTLPTraceExporter({ url: `http://127.0.0.1:${receiver.ports.otlpHttp}/v1/traces` }));
    const traceId = sent[0].spanContext().traceId;
    for (let i = 0; i < 100 && !printed.includes(traceId); i++) await new Promise((r) => setTimeout(r, 20));
    return printed;
  } finally {
    await receiver.close();
  }
}

describe('waterfall', () => {
  it('prints a finished trace as a tree, one line per span, on a shared time axis', async () => {
    const lines = (await printedWaterfall(new PassThrough())).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^trace [0-9a-f]{32} {2}5 spans, 1 service, [\d.]+ ms {2}1 error$/);
    // Tree order, children by start time, drawn under their parent:
    //   GET /orders/:id ─┬─ SELECT orders
    //                    ├─ publish order ── consume order
    //                    └─ render
    const names = lines.slice(1).map((line) => line.slice('  orders  '.length).split(/ {2,}(?=\w+ +[\d.]+ ms)/)[0].trimEnd());
    expect(names).toEqual(['GET /orders/:id', '├─ SELECT orders', '├─ publish order', '│  └─ consume order', '└─ render']);
    expect(lines[1]).toMatch(/^ {2}orders {2}GET \/orders\/:id +server +[\d.]+ ms {2}▕█+ *▏ {2}http\.route=\/orders\/:id .*↖ parent [0-9a-f]{16} not received/);
    expect(lines[2]).toMatch(/client .*✗ no such table .*db\.system\.name=postgresql {2}⚑ exception@/);
    expect(lines[3]).toMatch(/producer .*↪ link 4bf92f35…\/00f067aa0ba902b7/);
    // Every bar has the same width, so the time axis is shared.
    const bars = lines.slice(1).map((line) => line.match(/▕[█ ]+▏/)![0]);
    expect(new Set(bars.map((bar) => bar.length)).size).toBe(1);
    expect(lines.join('\n')).not.toContain('\x1b[');
  });

  it('colours only a terminal, and not when NO_COLOR is set', async () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true });
    expect(await printedWaterfall(tty)).toContain('\x1b[31m');
    process.env.NO_COLOR = '1';
    try {
      const plain = Object.assign(new PassThrough(), { isTTY: true });
      expect(await printedWaterfall(plain)).not.toContain('\x1b[');
    } finally {
      delete process.env.NO_COLOR;
    }
  });
});
