import { context, propagation, type Context } from '@opentelemetry/api';

/**
 * A baggage entry set by the frontend. The kit's default propagators (tracecontext,baggage) carry
 * it over HTTP and gRPC; the services it reaches copy it onto their spans.
 */
export const ORIGIN_BAGGAGE_KEY = 'greeting.origin';
export const ORIGIN_BAGGAGE_VALUE = 'express-frontend';

/** The active context plus our baggage entry (keeping any entries the caller sent). */
export function contextWithOriginBaggage(): Context {
  const active = context.active();
  const baggage = propagation.getBaggage(active) ?? propagation.createBaggage();
  return propagation.setBaggage(active, baggage.setEntry(ORIGIN_BAGGAGE_KEY, { value: ORIGIN_BAGGAGE_VALUE }));
}
