import type { KeyValue, Reference } from './api-types';
import { serviceColor } from './colors';
import { h } from './dom';
import { formatDuration, formatTime } from './format';
import { linkKey } from './linked-spans';
import { tagValue, type SpanNode, type TraceModel } from './trace-model';

function valueText(tag: KeyValue): string {
  return typeof tag.value === 'string' ? tag.value : JSON.stringify(tag.value);
}

function tagTable(caption: string, tags: KeyValue[]): HTMLElement | null {
  if (tags.length === 0) return null;
  return h(
    'table',
    { class: 'tags' },
    h('caption', {}, caption),
    h('tbody', {}, tags.map((tag) => h('tr', {}, h('th', { scope: 'row' }, tag.key), h('td', { class: `value ${tag.type}` }, valueText(tag))))),
  );
}

function referenceItem(ref: Reference, model: TraceModel): HTMLElement {
  const sameTrace = ref.traceID === model.trace.traceID;
  const target = sameTrace ? model.byId.get(ref.spanID) : undefined;
  const kind = ref.refType === 'CHILD_OF' ? 'ChildOf' : 'FollowsFrom';
  if (sameTrace && !target) return h('li', { class: 'missing' }, `${kind} span ${ref.spanID}: not received`);
  const linked = model.linked.get(linkKey(ref.traceID, ref.spanID));
  const label = target
    ? `${target.process.serviceName}: ${target.span.operationName}`
    : linked
      ? `${linked.service}: ${linked.name} (trace ${ref.traceID.slice(0, 16)}…)`
      : `trace ${ref.traceID}, span ${ref.spanID}`;
  return h('li', {}, `${kind} `, h('a', { href: `/trace/${ref.traceID}?span=${ref.spanID}`, class: 'reference' }, label));
}

/** Everything about one span: facts, references, tags, logs (offsets from the trace start), process. */
export function spanDetail(node: SpanNode, model: TraceModel): HTMLElement {
  const { span, process } = node;
  const offset = (micros: number): string => `+${formatDuration(micros - model.start)}`;
  const status = String(tagValue(span.tags, 'otel.status_code') ?? 'UNSET');
  const description = tagValue(span.tags, 'otel.status_description');
  const fact = (term: string, ...value: Array<string | Node>): HTMLElement[] => [h('dt', {}, term), h('dd', {}, ...value)];
  return h(
    'section',
    { class: 'span-detail', id: `detail-${span.spanID}`, 'aria-label': `Span ${span.operationName}`, style: `--service:${serviceColor(process.serviceName)}` },
    h('h3', {}, span.operationName),
    h(
      'dl',
      { class: 'facts' },
      fact('Service', process.serviceName),
      fact('Kind', node.kind),
      fact('Status', h('span', { class: status === 'ERROR' ? 'status-error' : '' }, status), description !== undefined ? `: ${String(description)}` : ''),
      fact('Start', `${offset(span.startTime)} (${formatTime(span.startTime)})`),
      fact('Duration', formatDuration(span.duration)),
      fact('Span ID', h('code', {}, span.spanID)),
    ),
    span.references.length > 0 && h('div', { class: 'references' }, h('h4', {}, 'References'), h('ul', {}, span.references.map((ref) => referenceItem(ref, model)))),
    span.warnings?.length ? h('div', { class: 'warnings' }, h('h4', {}, 'Warnings'), h('ul', {}, span.warnings.map((warning) => h('li', {}, warning)))) : null,
    tagTable('Tags', span.tags),
    span.logs.length > 0 &&
      h(
        'div',
        { class: 'logs' },
        h('h4', {}, `Logs (${span.logs.length})`),
        span.logs.map((log) => {
          const name = log.fields.find((field) => field.key === 'event');
          return tagTable(`${offset(log.timestamp)}  ${name ? valueText(name) : 'log'}`, log.fields.filter((field) => field !== name)) ?? h('p', { class: 'log-line' }, `${offset(log.timestamp)}  ${name ? valueText(name) : 'log'}`);
        }),
      ),
    tagTable(`Process: ${process.serviceName}`, process.tags),
  );
}
