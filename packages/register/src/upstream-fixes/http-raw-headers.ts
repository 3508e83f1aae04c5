// Upstream: @opentelemetry/instrumentation-http 0.301, `HttpInstrumentation._outgoingRequestFunction`
// copies the request's headers with `Object.assign({}, headers)` to add traceparent: raw headers
// (`headers: ['Host', 'a', 'X-Dup', '1', 'X-Dup', '2']`, as Node allows) become `0: Host`,
// `1: a`... and the server gets nonsense. Drop this file when upstream keeps raw headers raw.

type Outgoing = (this: unknown, options: unknown, ...args: unknown[]) => unknown;
interface OutgoingPatcher {
  _outgoingRequestFunction(component: string, original: Outgoing): Outgoing;
}
type Holder = { headers?: unknown; setHost?: boolean };

/**
 * Raw headers are handed to the official patch as an object with the same names (case kept),
 * in the same order, repeated names as one array (Node sends each value on a line of its own),
 * so that it can add its headers as to any other. With raw headers Node adds no Host: neither
 * does it then.
 */
export function keepRawHeaders(instrumentation: object): void {
  const patcher = instrumentation as OutgoingPatcher;
  const outgoing = patcher._outgoingRequestFunction.bind(instrumentation);
  patcher._outgoingRequestFunction = (component, original) => {
    const traced = outgoing(component, original);
    return function (this: unknown, options: unknown, ...args: unknown[]) {
      // Headers are in the options, or in the object after a URL (string or URL).
      if (isRaw(options)) options = withObjectHeaders(options as Holder);
      else if (isRaw(args[0])) args[0] = withObjectHeaders(args[0] as Holder);
      return traced.call(this, options, ...args);
    };
  };
}

function isRaw(holder: unknown): boolean {
  if (typeof holder !== 'object' || holder === null || holder instanceof URL) return false;
  const { headers } = holder as Holder;
  return Array.isArray(headers) && headers.length % 2 === 0 && headers.every((item, i) => i % 2 === 1 || typeof item === 'string');
}

function withObjectHeaders(holder: Holder): Holder {
  const raw = holder.headers as unknown[];
  const headers: Record<string, unknown> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    const seen = headers[name];
    headers[name] = seen === undefined ? raw[i + 1] : [seen, raw[i + 1]].flat();
  }
  const hasHost = Object.keys(headers).some((name) => name.toLowerCase() === 'host');
  return { ...holder, headers, setHost: holder.setHost ?? hasHost };
}
