// Reading received spans as a tree, by ids: find one span, walk to its ancestors, print the tree
// when an assertion fails.
import type { AttributeValue, ReceivedSpan } from '@kit/receiver';

/** The only span matching `predicate`; throws with the spans as a tree if there are 0 or 2+. */
export function one(spans: ReceivedSpan[], what: string, predicate: (span: ReceivedSpan) => boolean): ReceivedSpan {
  const found = spans.filter(predicate);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${what}, found ${found.length} among:\n${formatTree(spans)}`);
  }
  return found[0];
}

/** The spans strictly between `ancestor` and `descendant`, nearest the descendant first;
 *  undefined when `ancestor` is not an ancestor of `descendant` within `spans`. */
export function spansBetween(
  spans: ReceivedSpan[],
  ancestor: ReceivedSpan,
  descendant: ReceivedSpan,
): ReceivedSpan[] | undefined {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const between: ReceivedSpan[] = [];
  for (let parent = byId.get(descendant.parentSpanId ?? ''); parent; parent = byId.get(parent.parentSpanId ?? '')) {
    if (parent.spanId === ancestor.spanId) return between;
    between.push(parent);
  }
  return undefined;
}

/** The first of `keys` the span has: for attributes renamed between semantic-conventions versions. */
export function attribute(span: ReceivedSpan, ...keys: string[]): AttributeValue | undefined {
  return keys.map((key) => span.attributes[key]).find((value) => value !== undefined);
}

/** One line per span, indented under its parent: `service  kind  name  [status]  spanId`. */
export function formatTree(spans: ReceivedSpan[]): string {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = (parentId: string | undefined) =>
    spans.filter((span) => (parentId === undefined ? !ids.has(span.parentSpanId ?? '') : span.parentSpanId === parentId));
  const lines: string[] = [];
  const walk = (span: ReceivedSpan, depth: number) => {
    lines.push(
      `${'  '.repeat(depth)}${span.serviceName}  kind=${span.kind}  ${span.name}  status=${span.status.code}` +
        `  trace=${span.traceId.slice(0, 8)} span=${span.spanId}`,
    );
    children(span.spanId).forEach((child) => walk(child, depth + 1));
  };
  children(undefined).forEach((root) => walk(root, 0));
  return lines.join('\n');
}
