// Upstream: @opentelemetry/core 3.1, `W3CTraceContextPropagator.extract` and `TraceState`: a
// tracestate member it cannot parse is dropped and the others kept, and keys follow the level 1
// grammar (`foo@=1` and `foo@@bar=1` are lost). W3C Trace Context (level 2) says a vendor that
// cannot parse tracestate must not propagate it: the whole list goes, traceparent still continues.
// Drop this file when upstream validates the list as a whole.
import { trace, type Context, type TextMapGetter, type TextMapPropagator, type TextMapSetter, type TraceState } from '@opentelemetry/api';

const TRACESTATE = 'tracestate';
const MAX_MEMBERS = 32;
/** Beyond this many characters, whole members are left off from the right, as the spec allows (and upstream did). */
const MAX_LENGTH = 512;
/** Level 2 key: 1-256 of a-z 0-9 _ - * / @, starting with a lowercase letter or a digit. */
const KEY = /^[a-z0-9][a-z0-9_\-*/@]{0,255}$/;
/** 1-256 printable ASCII characters but `,` and `=`, not ending in a space. */
const VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;
/** Optional white space around list members. */
const OWS = /^[ \t]+|[ \t]+$/g;

type Members = Array<[key: string, value: string]>;

/**
 * The members of a tracestate list (several headers joined with commas), left to right, or
 * undefined when the list is invalid: a bad member, a repeated key or more than 32 members.
 * Empty members and white space around members are allowed.
 */
export function parseTraceState(list: string): Members | undefined {
  const members: Members = [];
  for (const raw of list.split(',')) {
    const member = raw.replace(OWS, '');
    if (member === '') continue;
    const at = member.indexOf('=');
    const key = member.slice(0, at);
    const value = member.slice(at + 1);
    if (at < 0 || !KEY.test(key) || !VALUE.test(value)) return undefined;
    if (members.some(([seen]) => seen === key) || members.push([key, value]) > MAX_MEMBERS) return undefined;
  }
  return members;
}

/** An immutable tracestate list; `set` puts the member first, as the spec says of an updated one. */
export class ListTraceState implements TraceState {
  constructor(private readonly members: Members) {}

  get(key: string): string | undefined {
    return this.members.find(([name]) => name === key)?.[1];
  }

  set(key: string, value: string): TraceState {
    if (!KEY.test(key) || !VALUE.test(value)) return this;
    const others = this.members.filter(([name]) => name !== key);
    return new ListTraceState([[key, value] as [string, string], ...others].slice(0, MAX_MEMBERS));
  }

  unset(key: string): TraceState {
    return new ListTraceState(this.members.filter(([name]) => name !== key));
  }

  serialize(): string {
    let serialized = '';
    for (const [key, value] of this.members) {
      const next = serialized === '' ? `${key}=${value}` : `${serialized},${key}=${value}`;
      if (next.length > MAX_LENGTH) break;
      serialized = next;
    }
    return serialized;
  }
}

/**
 * The official tracecontext propagator, with the tracestate list taken whole or not at all: on
 * extract it sees no tracestate and the list is parsed here; on inject a list that would not
 * parse (set by the app through another TraceState), or an empty one, is not sent.
 */
export class ValidTraceStatePropagator implements TextMapPropagator {
  constructor(private readonly traceContext: TextMapPropagator) {}

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    this.traceContext.inject(context, carrier, {
      set: (target, key, value) => {
        if (key === TRACESTATE && !parseTraceState(value)?.length) return;
        setter.set(target, key, value);
      },
    });
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const withoutState: TextMapGetter = {
      get: (source, key) => (key === TRACESTATE ? undefined : getter.get(source, key)),
      keys: (source) => getter.keys(source),
    };
    const extracted = this.traceContext.extract(context, carrier, withoutState);
    const spanContext = trace.getSpanContext(extracted);
    if (extracted === context || !spanContext) return extracted;
    const header = getter.get(carrier, TRACESTATE);
    const members = parseTraceState(Array.isArray(header) ? header.join(',') : (header ?? ''));
    if (!members?.length) return extracted;
    return trace.setSpanContext(extracted, { ...spanContext, traceState: new ListTraceState(members) });
  }

  fields(): string[] {
    return this.traceContext.fields();
  }
}
