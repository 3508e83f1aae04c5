import { serviceColor } from './colors';
import { h, svg } from './dom';
import { formatDuration } from './format';
import { linkKey } from './linked-spans';
import { visibleNodes, type TraceModel } from './trace-model';

const NODE_W = 230;
const NODE_H = 34;
const COL = 40;
const ROW = 44;
const EXTERNAL_GAP = 80;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The spans as a graph: one box per span, in tree order, ChildOf edges solid from parent to child,
 * FollowsFrom edges dashed from the span followed to the follower, also from spans of other
 * traces (boxes on the right that open that trace). A missing parent is a box of its own.
 */
export function graphView(model: TraceModel): HTMLElement {
  const nodes = visibleNodes(model.roots, new Set());
  const place = new Map<string, { x: number; y: number }>();
  const shapes: SVGElement[] = [];
  const edges: SVGElement[] = [];
  let row = 0;
  let widest = 0;
  const box = (x: number, y: number, fill: string, label: string, sub: string, dashed = false): SVGElement[] => [
    svg('rect', { x, y, width: NODE_W, height: NODE_H, rx: 5, fill: '#fff', stroke: fill, 'stroke-width': 2, 'stroke-dasharray': dashed ? '5 3' : undefined }),
    svg('rect', { x, y, width: 6, height: NODE_H, rx: 2, fill }),
    svg('text', { x: x + 12, y: y + 14, class: 'g-label' }, clip(label, 30)),
    svg('text', { x: x + 12, y: y + 28, class: 'g-sub' }, clip(sub, 34)),
  ];

  for (const node of nodes) {
    const x = 10 + Math.min(node.depth, 24) * COL;
    if (node.parentMissing) {
      const y = 10 + row++ * ROW;
      place.set(node.parentId!, { x: x - COL, y });
      shapes.push(svg('g', { class: 'g-missing' }, box(x - COL, y, '#6b7280', 'parent not received', node.parentId!, true)));
    }
    const y = 10 + row++ * ROW;
    place.set(node.span.spanID, { x, y });
    widest = Math.max(widest, x + NODE_W);
    const title = `${node.process.serviceName}: ${node.span.operationName} (${formatDuration(node.span.duration)})${node.error ? ', error' : ''}`;
    shapes.push(
      svg(
        'g',
        { class: `g-span${node.error ? ' error' : ''}` },
        svg('title', {}, title),
        box(x, y, serviceColor(node.process.serviceName), `${node.error ? '! ' : ''}${node.span.operationName}`, `${node.process.serviceName} · ${formatDuration(node.span.duration)}`),
      ),
    );
  }

  const externalX = widest + EXTERNAL_GAP;
  let externals = 0;
  for (const node of nodes) {
    const to = place.get(node.span.spanID)!;
    if (node.parentId !== undefined) {
      const from = place.get(node.parentId);
      if (from) edges.push(svg('path', { class: 'g-child', d: `M${from.x + 14},${from.y + NODE_H} V${to.y + NODE_H / 2} H${to.x}` }));
    }
    for (const ref of node.span.references) {
      if (ref.refType !== 'FOLLOWS_FROM') continue;
      let from = ref.traceID === model.trace.traceID ? place.get(ref.spanID) : undefined;
      if (!from) {
        const linked = model.linked.get(linkKey(ref.traceID, ref.spanID));
        from = { x: externalX, y: 10 + externals++ * ROW };
        row = Math.max(row, externals);
        shapes.push(
          svg(
            'a',
            { href: `/trace/${ref.traceID}?span=${ref.spanID}`, class: 'g-external', 'aria-label': `Linked span ${linked ? `${linked.service}: ${linked.name}` : ref.spanID} in trace ${ref.traceID}` },
            linked
              ? // Solid: received, in another trace (the legend's dashed box means not received).
                box(from.x, from.y, serviceColor(linked.service), linked.name, `${linked.service}, trace ${ref.traceID.slice(0, 8)}…`)
              : box(from.x, from.y, '#374151', `trace ${ref.traceID.slice(0, 16)}…`, `span ${ref.spanID}`, true),
          ),
        );
      }
      const d = from.x > to.x ? `M${from.x},${from.y + NODE_H / 2} C${from.x - 40},${from.y + NODE_H / 2} ${to.x + NODE_W + 40},${to.y + NODE_H / 2} ${to.x + NODE_W},${to.y + NODE_H / 2}` : `M${from.x + NODE_W},${from.y + NODE_H / 2} C${from.x + NODE_W + 60},${from.y + NODE_H / 2} ${to.x + NODE_W + 60},${to.y + NODE_H / 2} ${to.x + NODE_W},${to.y + NODE_H / 2}`;
      edges.push(svg('path', { class: 'g-follows', d, 'marker-end': 'url(#arrow)' }));
    }
  }

  const width = (externals > 0 ? externalX + NODE_W : widest + 70) + 10;
  const height = 10 + row * ROW;
  const picture = svg(
    'svg',
    { class: 'span-graph', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Graph of ${nodes.length} spans` },
    svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#7c3aed' }))),
    edges,
    shapes,
  );
  return h(
    'div',
    { class: 'graph' },
    h('p', { class: 'legend' }, h('span', { class: 'edge-key child' }, 'ChildOf'), h('span', { class: 'edge-key follows' }, 'FollowsFrom'), h('span', { class: 'edge-key missing' }, 'not received')),
    h('div', { class: 'graph-scroll' }, picture),
  );
}
