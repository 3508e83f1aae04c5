import { serviceColor } from './colors';
import { h } from './dom';
import { formatDuration } from './format';
import { spanDetail } from './span-detail';
import { visibleNodes, type SpanNode, type TraceModel } from './trace-model';

const TICKS = 4;
/** Indentation per level stops growing past this depth, so deep traces keep room for names. */
const MAX_INDENT_DEPTH = 24;

function axis(model: TraceModel): HTMLElement {
  const total = model.end - model.start;
  return h(
    'div',
    { class: 'wf-row wf-axis', 'aria-hidden': 'true' },
    h('div', { class: 'wf-name' }, 'Service · operation'),
    h(
      'div',
      { class: 'wf-time' },
      Array.from({ length: TICKS + 1 }, (_, i) =>
        h('span', { class: `tick${i === TICKS ? ' last' : ''}`, style: `left:${(i / TICKS) * 100}%` }, formatDuration((total * i) / TICKS)),
      ),
    ),
  );
}

/** A bar's duration: after the bar, else before it, else (a long bar from the start) inside it. */
function barLabel(left: number, width: number, text: string): HTMLElement {
  if (left + width <= 75) return h('span', { class: 'bar-label', style: `left:${left + width}%` }, text);
  if (left >= 15) return h('span', { class: 'bar-label', style: `right:${100 - left}%` }, text);
  return h('span', { class: 'bar-label inside', style: `right:${100 - left - width}%` }, text);
}

function missingParentRow(node: SpanNode): HTMLElement {
  return h(
    'div',
    { class: 'wf-row wf-missing' },
    h('div', { class: 'wf-name' }, h('span', { class: 'missing-mark', 'aria-hidden': 'true' }, '?'), `parent ${node.parentId} not received`),
    h('div', { class: 'wf-time' }),
  );
}

/** What the reader changed in the waterfall: kept by the trace view when late spans redraw it. */
export interface WaterfallState {
  /** Span ids whose subtrees are hidden. */
  collapsed: Set<string>;
  /** Span ids whose detail is shown. */
  open: Set<string>;
}

/**
 * The time view: one row per span in tree order, a toggle per subtree, bars on the trace's time
 * axis coloured per service, errors marked; a row's name opens its detail below it.
 */
export function waterfall(model: TraceModel, { collapsed, open }: WaterfallState): HTMLElement {
  const total = Math.max(1, model.end - model.start);
  const list = h('div', { class: 'wf-rows' });

  function spanRow(node: SpanNode): HTMLElement[] {
    const { span, process } = node;
    const id = span.spanID;
    const color = serviceColor(process.serviceName);
    const left = ((span.startTime - model.start) / total) * 100;
    const width = Math.max(0.2, (span.duration / total) * 100);
    const isOpen = open.has(id);
    const toggle =
      node.children.length > 0
        ? h(
            'button',
            {
              class: 'toggle',
              'aria-expanded': String(!collapsed.has(id)),
              'aria-label': `${collapsed.has(id) ? 'Expand' : 'Collapse'} ${node.children.length} child span${node.children.length === 1 ? '' : 's'} of ${span.operationName}`,
              'data-focus': `toggle-${id}`,
              onclick: () => {
                if (collapsed.has(id)) collapsed.delete(id);
                else collapsed.add(id);
                render(`toggle-${id}`);
              },
            },
            collapsed.has(id) ? '▸' : '▾',
          )
        : h('span', { class: 'toggle-space' });
    const row = h(
      'div',
      { class: `wf-row${node.error ? ' error' : ''}${isOpen ? ' open' : ''}`, 'data-span-id': id, style: `--service:${color}` },
      h(
        'div',
        { class: 'wf-name', style: `padding-left:${Math.min(node.depth, MAX_INDENT_DEPTH) * 14 + 4}px` },
        toggle,
        h(
          'button',
          {
            class: 'span-name',
            'aria-expanded': String(isOpen),
            'aria-controls': isOpen ? `detail-${id}` : undefined,
            'data-focus': `name-${id}`,
            title: `${process.serviceName}: ${span.operationName}`,
            onclick: () => {
              if (open.has(id)) open.delete(id);
              else open.add(id);
              render(`name-${id}`);
            },
          },
          node.error && h('span', { class: 'error-mark', role: 'img', 'aria-label': 'error', title: 'error' }, '!'),
          h('span', { class: 'svc' }, process.serviceName),
          ' ',
          h('span', { class: 'op' }, span.operationName),
        ),
      ),
      h(
        'div',
        { class: 'wf-time' },
        h('span', { class: 'bar', style: `left:${left}%;width:${width}%` }),
        barLabel(left, width, formatDuration(span.duration)),
        span.logs.map((log) => h('span', { class: 'log-mark', style: `left:${((log.timestamp - model.start) / total) * 100}%`, title: 'log' })),
      ),
    );
    return isOpen ? [row, spanDetail(node, model)] : [row];
  }

  function render(focusKey?: string): void {
    list.replaceChildren(
      ...visibleNodes(model.roots, collapsed).flatMap((node) => (node.parentMissing ? [missingParentRow(node), ...spanRow(node)] : spanRow(node))),
    );
    if (focusKey) list.querySelector<HTMLElement>(`[data-focus="${focusKey}"]`)?.focus();
  }

  render();
  return h('div', { class: 'waterfall' }, axis(model), list);
}
