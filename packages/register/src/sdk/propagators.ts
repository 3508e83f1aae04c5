import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import type { PropagatorName } from '../config/settings';
import { LinkedRootPropagator } from './linked-context';
import { SafeJaegerPropagator } from '../upstream-fixes/safe-jaeger-propagator';
import { ValidTraceStatePropagator } from '../upstream-fixes/w3c-tracestate';

/**
 * The official propagators (tracecontext and jaeger with the kit's fixes), composed in the order
 * OTEL_PROPAGATORS lists them, extracting onto the kit's root context (linked-context.ts).
 */
export function buildPropagator(names: PropagatorName[]): TextMapPropagator {
  return new LinkedRootPropagator(new CompositePropagator({ propagators: names.map(create) }));
}

function create(name: PropagatorName): TextMapPropagator {
  switch (name) {
    case 'tracecontext':
      return new ValidTraceStatePropagator(new W3CTraceContextPropagator());
    case 'baggage':
      return new W3CBaggagePropagator();
    // b3 and jaeger are loaded only when chosen.
    case 'b3':
    case 'b3multi': {
      const b3 = require('@opentelemetry/propagator-b3') as typeof import('@opentelemetry/propagator-b3');
      const injectEncoding = name === 'b3' ? b3.B3InjectEncoding.SINGLE_HEADER : b3.B3InjectEncoding.MULTI_HEADER;
      return new b3.B3Propagator({ injectEncoding });
    }
    case 'jaeger': {
      const { JaegerPropagator } = require('@opentelemetry/propagator-jaeger') as typeof import('@opentelemetry/propagator-jaeger');
      return new SafeJaegerPropagator(new JaegerPropagator());
    }
  }
}
