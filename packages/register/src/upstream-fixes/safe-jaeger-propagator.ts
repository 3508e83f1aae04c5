// Upstream: @opentelemetry/propagator-jaeger, `JaegerPropagator.inject` writes every baggage entry
// as an `uberctx-<key>` header, also when tracing is suppressed, and without checking that the key
// can be a header name. Drop this file when upstream checks both.
import { Context, propagation, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';

/** RFC 9110 token: what a header name may be made of. */
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The official JaegerPropagator, guarded on inject. Upstream writes every baggage entry as an
 * `uberctx-<key>` header, even when tracing is suppressed (the exporter's own requests), and
 * without checking that the key can be a header name: a client sending `baggage: ]=1` would make
 * each outgoing call of the app throw, and user baggage would leak into export requests.
 */
export class SafeJaegerPropagator implements TextMapPropagator {
  constructor(private readonly jaeger: TextMapPropagator) {}

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    if (isTracingSuppressed(context)) return;
    this.jaeger.inject(withHeaderSafeBaggage(context), carrier, setter);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    return this.jaeger.extract(context, carrier, getter);
  }

  fields(): string[] {
    return this.jaeger.fields();
  }
}

function withHeaderSafeBaggage(context: Context): Context {
  const baggage = propagation.getBaggage(context);
  if (!baggage) return context;
  const entries = baggage.getAllEntries();
  const safe = entries.filter(([key]) => HTTP_TOKEN.test(key));
  return safe.length === entries.length ? context : propagation.setBaggage(context, propagation.createBaggage(Object.fromEntries(safe)));
}
