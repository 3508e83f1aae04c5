import type { KeyValue, Process, Span, Trace } from './api-types';
import type { LinkedSpan } from './linked-spans';

/** A span placed in its trace's tree, with what every view of it needs at hand. */
export interface SpanNode {
  span: Span;
  process: Process;
  /** The CHILD_OF parent's span id, when the span has one. */
  parentId?: string;
  /** The parent is named but was never received: the span hangs under a "missing" marker. */
  parentMissing: boolean;
  children: SpanNode[];
  depth: number;
  error: boolean;
  kind: string;
}

export interface TraceModel {
  trace: Trace;
  /** Top-level spans: true roots and spans whose parent is missing, by start time. */
  roots: SpanNode[];
  byId: Map<string, SpanNode>;
  start: number;
  end: number;
  services: string[];
  errorCount: number;
  /** Spans of other traces that this one links to, by linkKey(), when they could be fetched. */
  linked: Map<string, LinkedSpan>;
}

export function tagValue(tags: KeyValue[], key: string): KeyValue['value'] | undefined {
  return tags.find((tag) => tag.key === key)?.value;
}

/** ERROR status (Jaeger's `error` tag); the API sets both from the span's status. */
export function isError(span: Span): boolean {
  return tagValue(span.tags, 'error') === true || tagValue(span.tags, 'otel.status_code') === 'ERROR';
}

const byStart = (a: SpanNode, b: SpanNode): number => a.span.startTime - b.span.startTime;

export function buildModel(trace: Trace, linked = new Map<string, LinkedSpan>()): TraceModel {
  const byId = new Map<string, SpanNode>();
  for (const span of trace.spans) {
    const parent = span.references.find((ref) => ref.refType === 'CHILD_OF' && ref.traceID === trace.traceID);
    byId.set(span.spanID, {
      span,
      process: trace.processes[span.processID] ?? { serviceName: '?', tags: [] },
      parentId: parent?.spanID,
      parentMissing: false,
      children: [],
      depth: 0,
      error: isError(span),
      kind: String(tagValue(span.tags, 'span.kind') ?? 'internal'),
    });
  }
  const roots: SpanNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId === undefined ? undefined : byId.get(node.parentId);
    if (parent) parent.children.push(node);
    else {
      node.parentMissing = node.parentId !== undefined;
      roots.push(node);
    }
  }
  // Iterative depth-first: a 1,000-deep chain must not overflow the stack. A span under a missing
  // parent sits one level in, below the marker that stands for the parent.
  const stack = roots.map((node) => ({ node, depth: node.parentMissing ? 1 : 0 }));
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    node.depth = depth;
    node.children.sort(byStart);
    for (const child of node.children) stack.push({ node: child, depth: depth + 1 });
  }
  roots.sort(byStart);
  // A loop, not Math.min(...spans): a spread of a very large trace would exceed the argument limit.
  let start = Infinity;
  let end = -Infinity;
  for (const span of trace.spans) {
    start = Math.min(start, span.startTime);
    end = Math.max(end, span.startTime + span.duration);
  }
  return {
    trace,
    roots,
    byId,
    start,
    end,
    // In tree order: the root's service first, as the trace reads.
    services: [...new Set(visibleNodes(roots, new Set()).map((node) => node.process.serviceName))],
    errorCount: [...byId.values()].filter((node) => node.error).length,
    linked,
  };
}

/** The nodes in tree order, skipping the descendants of collapsed ones. */
export function visibleNodes(roots: SpanNode[], collapsed: Set<string>): SpanNode[] {
  const out: SpanNode[] = [];
  const stack = [...roots].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    out.push(node);
    if (!collapsed.has(node.span.spanID)) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return out;
}
