import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { mainAttributes } from './main-attributes';
import { durationMs } from '../span-time';
import type { ReceivedSpan, Trace } from '../types';

const BAR_WIDTH = 32;
const NAME_WIDTH = 44;
const SERVICE_COLOURS = [36, 35, 33, 32, 34, 96, 95, 93];
const RED = 31;
const DIM = 2;

export interface WaterfallOptions {
  colour: boolean;
}

/** True when the stream is a terminal and NO_COLOR (no-color.org) is unset. */
export function supportsColour(stream: NodeJS.WritableStream): boolean {
  return Boolean((stream as { isTTY?: boolean }).isTTY) && !process.env.NO_COLOR;
}

interface Row {
  span: ReceivedSpan;
  treePrefix: string;
  /** It names a parent that is not in the trace (remote, or lost), so it is drawn as a root. */
  parentMissing: boolean;
}

/**
 * One trace as text: a header, then one line per span in tree order (children under their
 * parent, by start time), each with a bar placed on the trace's shared time axis.
 */
export function renderWaterfall(trace: Trace, { colour }: WaterfallOptions): string {
  const paint = (code: number, text: string): string => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
  const services = [...new Set(trace.spans.map((s) => s.serviceName))];
  const start = minNanos(trace.spans.map((s) => s.startTimeUnixNano));
  const end = maxNanos(trace.spans.map((s) => s.endTimeUnixNano));
  const totalMs = durationMs(start, end);
  const rows = treeRows(trace.spans);
  const serviceWidth = Math.max(...services.map((s) => s.length));
  const nameWidth = Math.min(NAME_WIDTH, Math.max(...rows.map((r) => r.treePrefix.length + r.span.name.length)));
  const errors = trace.spans.filter((s) => s.status.code === SpanStatusCode.ERROR).length;

  const header =
    `trace ${trace.traceId}  ${trace.spans.length} span${trace.spans.length === 1 ? '' : 's'}, ` +
    `${services.length} service${services.length === 1 ? '' : 's'}, ${formatMs(totalMs)}` +
    (errors ? paint(RED, `  ${errors} error${errors === 1 ? '' : 's'}`) : '');
  const lines = rows.map(({ span, treePrefix, parentMissing }) => {
    const serviceColour = SERVICE_COLOURS[services.indexOf(span.serviceName) % SERVICE_COLOURS.length];
    const failed = span.status.code === SpanStatusCode.ERROR;
    const name = fit(treePrefix + span.name, nameWidth);
    const kind = SpanKind[span.kind].toLowerCase().padEnd(8);
    const bar = renderBar(durationMs(start, span.startTimeUnixNano), span.durationMs, totalMs);
    return [
      '  ' + paint(serviceColour, span.serviceName.padEnd(serviceWidth)),
      failed ? paint(RED, name) : name,
      paint(DIM, kind) + formatMs(span.durationMs).padStart(9),
      paint(failed ? RED : serviceColour, bar),
      (failed ? paint(RED, `✗ ${span.status.message ?? 'error'}  `) : '') + paint(DIM, details(span, trace.traceId, start, parentMissing)),
    ].join('  ');
  });
  return [header, ...lines].join('\n').trimEnd() + '\n';
}

/** Depth-first rows; a span whose parent was not received (a remote or lost parent) starts a root. */
function treeRows(spans: ReceivedSpan[]): Row[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | undefined, ReceivedSpan[]>();
  for (const span of spans) {
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    const siblings = children.get(parent);
    if (siblings) siblings.push(span);
    else children.set(parent, [span]);
  }
  const byStart = (a: ReceivedSpan, b: ReceivedSpan): number => compareNanos(a.startTimeUnixNano, b.startTimeUnixNano);
  const rows: Row[] = [];
  const visit = (span: ReceivedSpan, prefix: string, glyph: string): void => {
    rows.push({ span, treePrefix: prefix + glyph, parentMissing: Boolean(span.parentSpanId && !ids.has(span.parentSpanId)) });
    const kids = (children.get(span.spanId) ?? []).sort(byStart);
    const childPrefix = prefix + (glyph === '├─ ' ? '│  ' : glyph === '' ? '' : '   ');
    kids.forEach((kid, i) => visit(kid, childPrefix, i === kids.length - 1 ? '└─ ' : '├─ '));
  };
  for (const root of (children.get(undefined) ?? []).sort(byStart)) visit(root, '', '');
  return rows;
}

function renderBar(offsetMs: number, lengthMs: number, totalMs: number): string {
  const scale = totalMs > 0 ? BAR_WIDTH / totalMs : 0;
  const from = Math.min(BAR_WIDTH - 1, Math.floor(offsetMs * scale));
  const to = Math.max(from + 1, Math.min(BAR_WIDTH, Math.ceil((offsetMs + lengthMs) * scale)));
  return '▕' + ' '.repeat(from) + '█'.repeat(to - from) + ' '.repeat(BAR_WIDTH - to) + '▏';
}

/** Main attributes, then events (with their offset from the trace start), links and a missing parent. */
function details(span: ReceivedSpan, traceId: string, traceStart: string, parentMissing: boolean): string {
  const parts = mainAttributes(span).map(([key, value]) => `${key}=${value}`);
  for (const event of span.events) {
    parts.push(`⚑ ${event.name}@${formatMs(durationMs(traceStart, event.timeUnixNano))}`);
  }
  for (const link of span.links) {
    parts.push(`↪ link ${link.traceId === traceId ? '' : `${link.traceId.slice(0, 8)}…/`}${link.spanId}`);
  }
  if (parentMissing) {
    parts.push(`↖ parent ${span.parentSpanId} not received`);
  }
  return parts.join('  ');
}

function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)} ms`;
}

function fit(text: string, width: number): string {
  return text.length > width ? text.slice(0, width - 1) + '…' : text.padEnd(width);
}

function compareNanos(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

function minNanos(values: string[]): string {
  return values.reduce((a, b) => (compareNanos(a, b) <= 0 ? a : b));
}

function maxNanos(values: string[]): string {
  return values.reduce((a, b) => (compareNanos(a, b) >= 0 ? a : b));
}
