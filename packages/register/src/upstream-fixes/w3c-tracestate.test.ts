import { defaultTextMapGetter, defaultTextMapSetter, ROOT_CONTEXT, trace, TraceFlags, type TraceState } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { ListTraceState, parseTraceState, ValidTraceStatePropagator } from './w3c-tracestate';

const members = (count: number) => Array.from({ length: count }, (_, i) => `k${i}=v`).join(',');

describe('parseTraceState: the W3C Trace Context level 2 grammar', () => {
  it.each<[string, string, Array<[string, string]> | undefined]>([
    ['one member', 'congo=t61rcWkgMzE', [['congo', 't61rcWkgMzE']]],
    ['two, in order', 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE', [['rojo', '00f067aa0ba902b7'], ['congo', 't61rcWkgMzE']]],
    ['white space around members', ' a=1 ,\tb=2\t', [['a', '1'], ['b', '2']]],
    ['empty members', 'a=1,,b=2,', [['a', '1'], ['b', '2']]],
    ['nothing but commas', ' , ,', []],
    ['key starting with a digit', '0a=1', [['0a', '1']]],
    ['key with _ - * / @', 'a_b-c*d/e@f=1', [['a_b-c*d/e@f', '1']]],
    ['key ending in @', 'foo@=1', [['foo@', '1']]],
    ['key with @@', 'foo@@bar=1', [['foo@@bar', '1']]],
    ['256-character key', `${'k'.repeat(256)}=1`, [['k'.repeat(256), '1']]],
    ['256-character value', `a=${'v'.repeat(256)}`, [['a', 'v'.repeat(256)]]],
    ['value with inner spaces and punctuation', 'a=x y!~', [['a', 'x y!~']]],
    ['32 members', members(32), Array.from({ length: 32 }, (_, i): [string, string] => [`k${i}`, 'v'])],
    ['key starting with @', '@foo=1', undefined],
    ['upper-case key', 'Foo=1', undefined],
    ['key starting with _', '_a=1', undefined],
    ['257-character key', `${'k'.repeat(257)}=1`, undefined],
    ['257-character value', `a=${'v'.repeat(257)}`, undefined],
    ['empty value', 'foo=', undefined],
    ['= in the value', 'foo=bar=baz', undefined],
    ['no =', 'foo', undefined],
    ['empty key', '=1', undefined],
    ['space in the key', 'fo o=1', undefined],
    ['space before =', 'foo =1', undefined],
    ['tab in the value', 'a=x\ty', undefined],
    ['non-ASCII value', 'a=é', undefined],
    ['one bad member among good ones', 'a=1,UPPER=2,b=3', undefined],
    ['repeated key', 'a=1,a=2', undefined],
    ['33 members', members(33), undefined],
  ])('%s: %j', (_what, list, expected) => {
    expect(parseTraceState(list)).toEqual(expected);
  });
});

describe('ListTraceState', () => {
  const state = new ListTraceState([['a', '1'], ['b', '2']]);

  it('serializes as it came, sets the updated member first, unsets', () => {
    expect(state.serialize()).toBe('a=1,b=2');
    expect(state.set('b', '3').serialize()).toBe('b=3,a=1');
    expect(state.unset('a').serialize()).toBe('b=2');
    expect(state.get('b')).toBe('2');
  });

  it('refuses an invalid key or value on set', () => {
    expect(state.set('Bad', '1')).toBe(state);
    expect(state.set('ok', 'a,b')).toBe(state);
  });
});

describe('ValidTraceStatePropagator', () => {
  const propagator = new ValidTraceStatePropagator(new W3CTraceContextPropagator());
  const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  const extract = (headers: Record<string, string | string[]>) => trace.getSpanContext(propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter));

  it('keeps a valid list whole, several headers as one list', () => {
    expect(extract({ traceparent, tracestate: ['a=1,foo@=2', 'b=3'] })?.traceState?.serialize()).toBe('a=1,foo@=2,b=3');
  });

  it('discards an invalid list whole and still continues traceparent', () => {
    const spanContext = extract({ traceparent, tracestate: 'a=1,UPPER=2' });
    expect(spanContext).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', isRemote: true });
    expect(spanContext?.traceState).toBeUndefined();
  });

  it('ignores tracestate without a valid traceparent', () => {
    expect(extract({ traceparent: 'junk', tracestate: 'a=1' })).toBeUndefined();
  });

  it('does not send a list that would not parse, and sends a valid one', () => {
    const spanContext = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED };
    const inject = (traceState: TraceState) => {
      const carrier: Record<string, string> = {};
      propagator.inject(trace.setSpanContext(ROOT_CONTEXT, { ...spanContext, traceState }), carrier, defaultTextMapSetter);
      return carrier;
    };
    // Another TraceState implementation, as an app may make one.
    const foreign = (serialized: string) => ({ serialize: () => serialized }) as TraceState;
    expect(inject(foreign('a=1,Bad=2'))).toEqual({ traceparent });
    expect(inject(foreign(''))).toEqual({ traceparent });
    expect(inject(new ListTraceState([['a', '1']]))).toEqual({ traceparent, tracestate: 'a=1' });
  });
});
