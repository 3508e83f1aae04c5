import { api } from './api';
import { serviceColor } from './colors';
import { h, notice } from './dom';
import { formatDuration, formatTime, plural } from './format';
import { graphView } from './graph-view';
import type { View } from './router';
import { buildModel } from './trace-model';
import { waterfall } from './waterfall';

/** One trace: its header, and either the time view (waterfall) or the graph of its spans. */
export function traceView(traceId: string): View {
  return async (root, url) => {
    root.append(notice('Loading trace…'));
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
        notice(`The receiver holds no trace ${traceId}: it was never received, or it was evicted (only the last --max-traces are kept).`, 'error'),
        h('p', {}, h('a', { href: '/search' }, 'Back to the search')),
      );
      return;
    }
    const model = buildModel(trace);
    const top = model.roots[0];
    const graph = url.searchParams.get('view') === 'graph';
    const tab = (label: string, href: string, current: boolean): HTMLElement =>
      h('a', { href, class: 'tab', 'aria-current': current ? 'page' : undefined }, label);
    document.title = `${top.process.serviceName}: ${top.span.operationName} · kit-receiver`;
    root.replaceChildren(
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
      graph ? graphView(model) : waterfall(model, url.searchParams.get('span') ?? undefined),
    );
    const wanted = url.searchParams.get('span');
    if (wanted && !graph) root.querySelector(`[data-span-id="${wanted}"]`)?.scrollIntoView({ block: 'center' });
  };
}
