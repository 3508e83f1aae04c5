import { api } from './api';
import type { Trace } from './api-types';
import { serviceColor } from './colors';
import { h, notice } from './dom';
import { followStore, storeGeneration } from './follow-store';
import { formatDuration, formatTime, plural } from './format';
import { graphView } from './graph-view';
import { type LinkedSpan, linkedSpans } from './linked-spans';
import { navigate, type View } from './router';
import { buildModel } from './trace-model';
import { waterfall, type WaterfallState } from './waterfall';

function content(trace: Trace, linked: Map<string, LinkedSpan>, graph: boolean, state: WaterfallState): HTMLElement[] {
  const model = buildModel(trace, linked);
  const top = model.roots[0];
  const tab = (label: string, href: string, current: boolean): HTMLElement =>
    h('a', { href, class: 'tab', 'aria-current': current ? 'page' : undefined }, label);
  document.title = `${top.process.serviceName}: ${top.span.operationName} · kit-receiver`;
  return [
    h(
      'header',
      { class: 'trace-head' },
      h('h1', {}, h('span', { class: 'service-dot', style: `background:${serviceColor(top.process.serviceName)}` }), `${top.process.serviceName}: ${top.span.operationName}`),
      h(
        'p',
        { class: 'trace-meta' },
        h('code', {}, trace.traceID),
        h('span', {}, formatTime(model.start)),
        h('span', {}, formatDuration(model.end - model.start)),
        h('span', {}, plural(trace.spans.length, 'span')),
        h('span', {}, plural(model.services.length, 'service')),
        model.errorCount > 0 && h('span', { class: 'error-badge' }, plural(model.errorCount, 'error')),
        h('a', { href: `/api/traces/${trace.traceID}`, target: '_blank' }, 'JSON'),
      ),
      h('p', { class: 'legend' }, model.services.map((service) => h('span', { class: 'service-chip', style: `--service:${serviceColor(service)}` }, service))),
      h('nav', { class: 'tabs', 'aria-label': 'Trace views' }, tab('Timeline', `/trace/${trace.traceID}`, !graph), tab('Graph', `/trace/${trace.traceID}?view=graph`, graph)),
    ),
    graph ? graphView(model) : waterfall(model, state),
  ];
}

/** Redraws the view in place: the page and the graph keep their scroll, the keyboard its place. */
function redraw(root: HTMLElement, parts: HTMLElement[]): void {
  const { scrollX, scrollY } = window;
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.focus;
  const graphScroll = root.querySelector('.graph-scroll');
  const [left, top] = [graphScroll?.scrollLeft ?? 0, graphScroll?.scrollTop ?? 0];
  root.replaceChildren(...parts);
  root.querySelector('.graph-scroll')?.scrollTo(left, top);
  if (focused) root.querySelector<HTMLElement>(`[data-focus="${focused}"]`)?.focus({ preventScroll: true });
  window.scrollTo(scrollX, scrollY);
}

/**
 * One trace: its header, and either the time view (waterfall) or the graph of its spans. Spans
 * that arrive while it is shown are drawn in (a late parent takes its children under it),
 * keeping what the reader collapsed and opened.
 */
export function traceView(traceId: string): View {
  return async (root, url) => {
    root.append(notice('Loading trace…'));
    const since = await storeGeneration();
    let trace;
    try {
      trace = await api.trace(traceId);
    } catch (error) {
      root.replaceChildren(notice(`Cannot load trace ${traceId}: ${(error as Error).message}`, 'error'));
      return;
    }
    if (!trace) {
      root.replaceChildren(
        h('h1', {}, 'Trace not found'),
        notice(`The receiver holds no trace ${traceId}: it was not received yet, or it was evicted (only the last --max-traces are kept). It shows here when it arrives.`, 'error'),
        h('p', {}, h('a', { href: '/search' }, 'Back to the search')),
      );
      // A link opened before its spans arrived (the demo prints them as it sends): shown once they do.
      return followStore(since, async (signal) => {
        if ((await api.trace(traceId)) && !signal.aborted) navigate(location.href);
      });
    }
    const graph = url.searchParams.get('view') === 'graph';
    const wanted = url.searchParams.get('span');
    const state: WaterfallState = { collapsed: new Set(), open: new Set(wanted ? [wanted] : []) };
    root.replaceChildren(...content(trace, await linkedSpans(trace), graph, state));
    if (wanted && !graph) root.querySelector(`[data-span-id="${wanted}"]`)?.scrollIntoView({ block: 'center' });

    let shown = JSON.stringify(trace.spans);
    return followStore(since, async (signal) => {
      const next = await api.trace(traceId);
      // Evicted since: what is shown stays readable.
      if (signal.aborted || !next) return;
      const spans = JSON.stringify(next.spans);
      if (spans === shown) return;
      const linked = await linkedSpans(next);
      if (signal.aborted) return;
      shown = spans;
      redraw(root, content(next, linked, graph, state));
    });
  };
}
