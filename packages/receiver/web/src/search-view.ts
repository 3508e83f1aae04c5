import { api } from './api';
import type { TraceSummary } from './api-types';
import { serviceColor } from './colors';
import { h, notice } from './dom';
import { followStore, storeGeneration } from './follow-store';
import { formatAge, formatDuration, formatTime, plural } from './format';
import { navigate, type View } from './router';
import { TIME_RANGES } from './time-ranges';

/** The form's fields, named as the API's parameters, so the page URL is the query. */
const FIELDS = ['service', 'operation', 'tags', 'minDuration', 'maxDuration', 'lookback', 'limit'] as const;
const DEFAULT_LIMIT = 20;
/** The list never asks for more than this at once (the API's limit=0 would mean every trace). */
const MAX_LIMIT = 500;

function option(value: string, label: string, selected: boolean): HTMLOptionElement {
  return h('option', { value, selected }, label);
}

/** Space activates a row as Enter does (rows are links, which natively answer only Enter). */
function onRowKey(event: KeyboardEvent): void {
  if (event.key !== ' ') return;
  event.preventDefault();
  navigate((event.currentTarget as HTMLAnchorElement).href);
}

function row(summary: TraceSummary, longest: number): HTMLElement {
  const share = longest > 0 ? Math.max(0.5, (summary.duration / longest) * 100) : 100;
  return h(
    'li',
    {},
    h(
      'a',
      { class: 'trace-row', href: `/trace/${summary.traceID}`, 'data-trace-id': summary.traceID, onkeydown: onRowKey as EventListener },
      h(
        'span',
        { class: 'trace-title' },
        h('span', { class: 'service-dot', style: `background:${serviceColor(summary.rootService)}` }),
        h('strong', {}, `${summary.rootService}: `),
        summary.rootName,
      ),
      h(
        'span',
        { class: 'trace-facts' },
        h('span', {}, plural(summary.spanCount, 'span')),
        summary.errorCount > 0 && h('span', { class: 'error-badge' }, plural(summary.errorCount, 'error')),
        summary.missingParents > 0 && h('span', { class: 'missing-badge' }, `${summary.missingParents} missing parent${summary.missingParents === 1 ? '' : 's'}`),
        h('time', { datetime: new Date(summary.startTime / 1000).toISOString(), title: formatTime(summary.startTime) }, formatAge(summary.startTime)),
      ),
      h(
        'span',
        { class: 'trace-services' },
        // The root's service first, as the title reads; the others as the API orders them.
        [...summary.services].sort((a, b) => Number(b.name === summary.rootService) - Number(a.name === summary.rootService)).map((service) =>
          h('span', { class: 'service-chip', style: `--service:${serviceColor(service.name)}` }, `${service.name} (${service.count})`),
        ),
      ),
      h(
        'span',
        { class: 'duration' },
        h('span', { class: 'duration-track', 'aria-hidden': 'true' }, h('span', { class: `duration-bar${summary.errorCount ? ' error' : ''}`, style: `width:${share}%` })),
        h('span', { class: 'duration-text' }, formatDuration(summary.duration)),
      ),
    ),
  );
}

/** Search: the form (its state is the URL), one page of trace summaries, refreshed as spans arrive. */
export const searchView: View = async (root, url) => {
  const params = url.searchParams;
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.trunc(Number(params.get('limit'))) || DEFAULT_LIMIT));
  document.title = 'Search · kit-receiver';
  // The URL's choices show at once; the other names fill in when the API answers.
  const wantedService = params.get('service') ?? '';
  const wantedOperation = params.get('operation') ?? '';
  const services = h('select', { name: 'service', id: 'f-service' }, option('', 'all services', !wantedService), wantedService && option(wantedService, wantedService, true));
  const operations = h('select', { name: 'operation', id: 'f-operation' }, option('', 'all operations', !wantedOperation), wantedOperation && option(wantedOperation, wantedOperation, true));
  const field = (id: string, label: string, control: HTMLElement): HTMLElement => h('div', { class: 'field' }, h('label', { for: id }, label), control);

  const form = h(
    'form',
    { class: 'search-form', role: 'search', 'aria-label': 'Find traces' },
    field('f-service', 'Service', services),
    field('f-operation', 'Operation', operations),
    field('f-tags', 'Tags (key=value …)', h('input', { name: 'tags', id: 'f-tags', placeholder: 'http.route=/hello error=true', title: 'key=value pairs separated by spaces; a trace matches when one span has them all', value: params.get('tags') ?? '' })),
    field('f-min', 'Min duration', h('input', { name: 'minDuration', id: 'f-min', placeholder: '100ms', value: params.get('minDuration') ?? '' })),
    field('f-max', 'Max duration', h('input', { name: 'maxDuration', id: 'f-max', placeholder: '1.5s', value: params.get('maxDuration') ?? '' })),
    field('f-lookback', 'Time range', h('select', { name: 'lookback', id: 'f-lookback' }, TIME_RANGES.map(({ value, label }) => option(value, label, value === (params.get('lookback') ?? ''))))),
    field('f-limit', 'Per page', h('input', { name: 'limit', id: 'f-limit', type: 'number', min: 1, max: MAX_LIMIT, value: limit })),
    h('div', { class: 'field submit' }, h('button', { type: 'submit', class: 'primary' }, 'Find traces')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    const data = new FormData(form);
    for (const name of FIELDS) {
      const value = String(data.get(name) ?? '').trim();
      if (value !== '') query.set(name, value);
    }
    navigate(`/search?${query}`);
  });

  const results = h('section', { class: 'results', 'aria-label': 'Traces' });
  root.append(h('h1', { class: 'visually-hidden' }, 'Search traces'), form, results);

  async function loadOperations(service: string, selected: string): Promise<void> {
    const names = service ? await api.operations(service).catch(() => []) : [];
    operations.replaceChildren(option('', 'all operations', !selected), ...names.map((name) => option(name, name, name === selected)));
    if (selected && !names.includes(selected)) operations.append(option(selected, selected, true));
  }
  services.addEventListener('change', () => void loadOperations(services.value, ''));
  void api
    .services()
    .then(async (names) => {
      const current = services.value;
      services.replaceChildren(option('', 'all services', !current), ...names.map((name) => option(name, name, name === current)));
      if (current && !names.includes(current)) services.append(option(current, `${current} (no traces now)`, true));
      await loadOperations(current, operations.value);
    })
    .catch(() => {});

  const offset = Number(params.get('offset') ?? 0) || 0;
  const pageHref = (newOffset: number): string => {
    const next = new URLSearchParams(params);
    if (newOffset > 0) next.set('offset', String(newOffset));
    else next.delete('offset');
    return `/search?${next}`;
  };

  async function load(): Promise<void> {
    const query = new URLSearchParams(params);
    query.set('limit', String(limit));
    query.set('offset', String(offset));
    let page;
    try {
      page = await api.summaries(query);
    } catch (error) {
      results.replaceChildren(notice(`Cannot search: ${(error as Error).message}`, 'error'));
      return;
    }
    // Keep the keyboard where it was when the list is redrawn under it.
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.traceId;
    const longest = Math.max(0, ...page.data.map((summary) => summary.duration));
    const last = Math.min(page.total, offset + page.data.length);
    results.replaceChildren(
      h(
        'div',
        { class: 'results-head' },
        h('h2', {}, page.total === 0 ? 'No traces' : `Traces ${offset + 1}–${last} of ${page.total}`),
        h('span', { class: 'hint' }, 'newest first · updates as traces arrive'),
      ),
      page.data.length === 0
        ? notice(page.total === 0 ? 'No trace matches. Send some spans to the receiver, or widen the search.' : 'Past the last page.')
        : h('ol', { class: 'trace-list' }, page.data.map((summary) => row(summary, longest))),
      h(
        'nav',
        { class: 'pager', 'aria-label': 'Pages' },
        offset > 0 ? h('a', { class: 'button', href: pageHref(Math.max(0, offset - page.limit)) }, '← Newer') : null,
        last < page.total ? h('a', { class: 'button', href: pageHref(offset + page.limit) }, 'Older →') : null,
      ),
    );
    if (focused) results.querySelector<HTMLElement>(`[data-trace-id="${focused}"]`)?.focus();
  }

  const since = await storeGeneration();
  await load();
  // On the first page new traces take their place at the top; further on, they would shift the
  // rows being read, so a link offers the newest instead.
  return followStore(since, async () => {
    if (offset === 0) await load();
    else if (!results.querySelector('.new-traces')) results.prepend(h('p', { class: 'new-traces', role: 'status' }, 'New traces arrived: ', h('a', { href: pageHref(0) }, 'show the newest')));
  });
};
