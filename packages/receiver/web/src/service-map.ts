import { api } from './api';
import type { DependencyLink } from './api-types';
import { serviceColor } from './colors';
import { h, notice, svg } from './dom';
import { plural } from './format';
import { navigate, type View } from './router';
import { rangeInWords, TIME_RANGES, type TimeRange } from './time-ranges';

const NODE_W = 180;
const NODE_H = 40;
const LAYER_GAP = 200;
const ROW_GAP = 70;

/** Each service's layer: 0 for those nobody calls, else one past its furthest caller (cycles stop). */
function layers(links: DependencyLink[]): Map<string, number> {
  const layer = new Map<string, number>();
  for (const link of links) for (const name of [link.parent, link.child]) layer.set(name, 0);
  for (let pass = 0; pass < layer.size; pass++) {
    let changed = false;
    for (const link of links) {
      const next = layer.get(link.parent)! + 1;
      if (link.parent !== link.child && next > layer.get(link.child)! && next < layer.size) {
        layer.set(link.child, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return layer;
}

function picture(links: DependencyLink[]): SVGElement {
  const layer = layers(links);
  const columns = new Map<number, string[]>();
  for (const [name, index] of [...layer].sort(([a], [b]) => a.localeCompare(b))) columns.set(index, [...(columns.get(index) ?? []), name]);
  const place = new Map<string, { x: number; y: number }>();
  for (const [index, names] of columns) names.forEach((name, row) => place.set(name, { x: 10 + index * (NODE_W + LAYER_GAP), y: 10 + row * (NODE_H + ROW_GAP) }));
  const width = 20 + columns.size * (NODE_W + LAYER_GAP) - LAYER_GAP;
  const height = 20 + Math.max(...[...columns.values()].map((names) => names.length)) * (NODE_H + ROW_GAP) - ROW_GAP;
  return svg(
    'svg',
    { class: 'service-graph', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Map of ${layer.size} services` },
    svg(
      'defs',
      {},
      [['call', '#374151'], ['call-error', '#b91c1c']].map(([id, fill]) =>
        svg('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', fill })),
      ),
    ),
    links.map((link) => {
      const from = place.get(link.parent)!;
      const to = place.get(link.child)!;
      const [x1, y1, x2, y2] = [from.x + NODE_W, from.y + NODE_H / 2, to.x, to.y + NODE_H / 2];
      return svg(
        'g',
        { class: `m-edge${link.errorCount ? ' error' : ''}` },
        svg('path', { d: `M${x1},${y1} C${x1 + 50},${y1} ${x2 - 50},${y2} ${x2},${y2}`, 'marker-end': `url(#call${link.errorCount ? '-error' : ''})` }),
        svg('text', { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 8, 'text-anchor': 'middle' }, `${plural(link.callCount, 'call')}${link.errorCount ? `, ${plural(link.errorCount, 'error')}` : ''}`),
      );
    }),
    [...place].map(([name, { x, y }]) =>
      svg(
        'a',
        { href: `/search?service=${encodeURIComponent(name)}`, class: 'm-node', 'aria-label': `Traces of ${name}` },
        svg('rect', { x, y, width: NODE_W, height: NODE_H, rx: 6, fill: serviceColor(name) }),
        svg('text', { x: x + NODE_W / 2, y: y + NODE_H / 2 + 5, 'text-anchor': 'middle' }, name.length > 22 ? `${name.slice(0, 21)}…` : name),
      ),
    ),
  );
}

/**
 * The time range control: its button shows the map for the range (/map?lookback=…). A button, as
 * the search form has, not a change listener: arrow keys on a select would redraw at each step.
 */
function rangeForm(current: TimeRange): HTMLElement {
  const select = h('select', { id: 'm-lookback', name: 'lookback' }, TIME_RANGES.map(({ value, label }) => h('option', { value, selected: value === current.value }, label)));
  const show = (event: Event): void => {
    event.preventDefault();
    navigate(select.value ? `/map?lookback=${encodeURIComponent(select.value)}` : '/map');
  };
  return h(
    'form',
    { class: 'range-form', 'aria-label': 'Time range of the map', onsubmit: show },
    h('label', { for: 'm-lookback' }, 'Time range'),
    select,
    h('button', { type: 'submit', class: 'primary' }, 'Show'),
  );
}

/** The services and the calls between them in the chosen time range, as a picture and as a table. */
export const serviceMapView: View = async (root, url) => {
  document.title = 'Service map · kit-receiver';
  const wanted = url.searchParams.get('lookback') ?? '';
  const known = TIME_RANGES.find((range) => range.value === wanted);
  const range = known ?? TIME_RANGES[0];
  root.append(
    h('h1', {}, 'Service map'),
    rangeForm(range),
    ...(known ? [] : [notice(`Unknown time range "${wanted}": showing calls ${rangeInWords(range)}.`, 'error')]),
    notice('Loading…'),
  );
  let links: DependencyLink[];
  try {
    links = await api.dependencies(range.ms);
  } catch (error) {
    root.lastChild!.replaceWith(notice(`Cannot load the service map: ${(error as Error).message}`, 'error'));
    return;
  }
  if (links.length === 0) {
    root.lastChild!.replaceWith(notice(`No calls between services ${rangeInWords(range)}: a span whose parent is in another service makes one.`));
    return;
  }
  root.lastChild!.replaceWith(
    h('p', { class: 'hint' }, `Calls from a span in one service to a span in another, ${rangeInWords(range)}. Select a service to see its traces.`),
    h('div', { class: 'graph-scroll' }, picture(links)),
    h(
      'table',
      { class: 'calls' },
      h('caption', {}, 'Calls between services'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Caller'), h('th', { scope: 'col' }, 'Callee'), h('th', { scope: 'col', class: 'num' }, 'Calls'), h('th', { scope: 'col', class: 'num' }, 'Errors'))),
      h(
        'tbody',
        {},
        links.map((link) =>
          h(
            'tr',
            {},
            h('td', {}, link.parent),
            h('td', {}, link.child),
            h('td', { class: 'num' }, String(link.callCount)),
            h('td', { class: `num${link.errorCount ? ' status-error' : ''}` }, String(link.errorCount)),
          ),
        ),
      ),
    ),
  );
};
