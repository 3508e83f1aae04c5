import type { Span, Trace } from '../../web/src/api-types';
import { formatDuration } from '../../web/src/format';
import { buildModel, visibleNodes } from '../../web/src/trace-model';

const TRACE = 'a'.repeat(32);

function span(spanID: string, startTime: number, parent?: string, tags: Span['tags'] = []): Span {
  return {
    traceID: TRACE,
    spanID,
    flags: 1,
    operationName: `op ${spanID}`,
    references: parent ? [{ refType: 'CHILD_OF', traceID: TRACE, spanID: parent }] : [],
    startTime,
    duration: 10,
    tags,
    logs: [],
    processID: 'p1',
    warnings: null,
  };
}

const trace = (spans: Span[]): Trace => ({ traceID: TRACE, spans, processes: { p1: { serviceName: 'svc', tags: [] } }, warnings: null });

describe("the web UI's trace model (pure, no browser)", () => {
  it('orders the tree by start time and hangs a span whose parent was never received under that parent, one level in', () => {
    //   r            (t=0)
    //   ├─ b         (t=1)
    //   └─ c         (t=5, ERROR)
    //   ? missing
    //     └─ o       (t=2)
    const model = buildModel(trace([span('c', 5, 'r', [{ key: 'error', type: 'bool', value: true }]), span('o', 2, 'missing'), span('b', 1, 'r'), span('r', 0)]));
    expect(model.roots.map((node) => [node.span.spanID, node.parentMissing, node.depth])).toEqual([['r', false, 0], ['o', true, 1]]);
    expect(visibleNodes(model.roots, new Set()).map((node) => node.span.spanID)).toEqual(['r', 'b', 'c', 'o']);
    expect(visibleNodes(model.roots, new Set(['r'])).map((node) => node.span.spanID)).toEqual(['r', 'o']);
    expect([model.start, model.end, model.errorCount]).toEqual([0, 15, 1]);
  });

  it('walks a 10,000-deep chain without overflowing the stack', () => {
    const spans = Array.from({ length: 10_000 }, (_, i) => span(`s${i}`, i, i ? `s${i - 1}` : undefined));
    const nodes = visibleNodes(buildModel(trace(spans)).roots, new Set());
    expect(nodes.length).toBe(10_000);
    expect(nodes[9_999].depth).toBe(9_999);
  });

  it('formats durations to three significant digits', () => {
    expect([0, 7, 2.25, 999, 1000, 8450, 24_300, 123_456, 1_500_000, 90_000_000].map(formatDuration)).toEqual([
      '0 µs', '7 µs', '2.25 µs', '999 µs', '1 ms', '8.45 ms', '24.3 ms', '123 ms', '1.5 s', '1 min 30 s',
    ]);
  });
});
