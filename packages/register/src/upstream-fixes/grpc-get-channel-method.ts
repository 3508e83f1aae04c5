// Upstream: @opentelemetry/instrumentation-grpc 0.300.0, `GrpcInstrumentation.extractNetMetadata`
// calls `client.getChannel()` on every client call; a service with a method `GetChannel` (channelz,
// or an app's own) has a generated `getChannel` that shadows `Client.prototype.getChannel`, and
// the call recurses until `RangeError: Maximum call stack size exceeded`
// (open-telemetry/opentelemetry-js#6372). Drop this file when upstream reads the channel safely.

interface Channel {
  getTarget(): string;
}
interface SpanLike {
  setAttributes(attributes: Record<string, string | number | undefined>): unknown;
}

/** `host:port` at the end of a channel target, as upstream parses it. */
const TARGET = /(?:[A-Za-z0-9+.-]+:(?:\/\/)?)?(?<name>[A-Za-z0-9+.-]+):(?<port>[0-9+.-]+)$/;

/** server.address and server.port from grpc-js's own `getChannel`, whatever the service's methods are named. */
export function readChannelOfClientItself(instrumentation: object): void {
  (instrumentation as { extractNetMetadata(client: object, span: SpanLike): void }).extractNetMetadata = (client, span) => {
    const target = clientChannel(client)?.getTarget();
    if (typeof target !== 'string') return;
    const parsed = TARGET.exec(target)?.groups;
    span.setAttributes({ 'server.address': parsed?.name, 'server.port': parseInt(parsed?.port ?? '') });
  };
}

function clientChannel(client: object): Channel | undefined {
  // Generated methods carry their gRPC `path`; grpc-js's Client.prototype.getChannel does not.
  for (let proto = Object.getPrototypeOf(client); proto; proto = Object.getPrototypeOf(proto)) {
    const getChannel = Object.getOwnPropertyDescriptor(proto, 'getChannel')?.value;
    if (typeof getChannel === 'function' && !('path' in getChannel)) return getChannel.call(client);
  }
  return undefined;
}
