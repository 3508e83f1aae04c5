import { context, defaultTextMapSetter, propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { JaegerPropagator } from '@opentelemetry/propagator-jaeger';
import { SafeJaegerPropagator } from './safe-jaeger-propagator';

describe('SafeJaegerPropagator', () => {
  const propagator = new SafeJaegerPropagator(new JaegerPropagator());
  const spanContext = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED };
  const withBaggage = (entries: Record<string, string>) =>
    propagation.setBaggage(
      trace.setSpanContext(ROOT_CONTEXT, spanContext),
      propagation.createBaggage(Object.fromEntries(Object.entries(entries).map(([key, value]) => [key, { value }]))),
    );

  it('injects uber-trace-id and the baggage entries whose keys can be header names', () => {
    const carrier: Record<string, string> = {};
    propagator.inject(withBaggage({ user: 'ada', ']': 'x', 'a b': 'y' }), carrier, defaultTextMapSetter);
    expect(carrier).toEqual({ 'uber-trace-id': `${spanContext.traceId}:${spanContext.spanId}:0:01`, 'uberctx-user': 'ada' });
  });

  it('injects nothing when tracing is suppressed (the exporter\'s own requests)', () => {
    const carrier: Record<string, string> = {};
    propagator.inject(suppressTracing(withBaggage({ user: 'ada' })), carrier, defaultTextMapSetter);
    expect(carrier).toEqual({});
  });

  it('extracts as the official propagator does', () => {
    const extracted = propagator.extract(context.active(), { 'uber-trace-id': `${spanContext.traceId}:${spanContext.spanId}:0:1` }, {
      get: (carrier, key) => (carrier as Record<string, string>)[key],
      keys: (carrier) => Object.keys(carrier as object),
    });
    expect(trace.getSpanContext(extracted)).toMatchObject({ traceId: spanContext.traceId, spanId: spanContext.spanId, isRemote: true });
  });
});
