// Upstream: @opentelemetry/instrumentation-grpc 0.300.0, serverUtils `clientStreamAndUnaryHandler`
// and `serverStreamAndBidiHandler`. Its patched server callback passes on only `(err, value)`, so
// the trailing metadata of `callback(null, reply, trailer)` (rate limits, grpc-status-details-bin)
// and the flags are lost; and every handler is called with `{}` as `this` where grpc-js passes
// the method's handler. Drop this file when upstream forwards every argument and `this`.

type Callback = (...args: unknown[]) => unknown;
type HandlerFunc = (this: unknown, call: object, callback?: Callback) => unknown;
type Register = (this: GrpcServer, name: string, handler: HandlerFunc, ...rest: unknown[]) => boolean;
interface GrpcServer {
  handlers: Map<string, { func: HandlerFunc }>;
}

/** What the handler got from grpc-js, kept per call while the official wrapper runs in between. */
interface CallSlot {
  self: unknown;
  /** The callback's arguments after `(err, value)`: trailer, flags. */
  rest: unknown[];
}

/**
 * Wraps the official `Server.prototype.register` patch so that each handler sees exactly what
 * grpc-js gave it: its `this`, and a callback whose every argument reaches grpc-js. The official
 * wrapper still runs in between (span, status, metadata capture) and is handed only what it reads.
 */
export function keepServerHandlerArguments(instrumentation: object): void {
  const patcher = instrumentation as { _patchServer(): (original: Register) => Register };
  const patchServer = patcher._patchServer.bind(instrumentation);
  patcher._patchServer = () => (originalRegister) => {
    const tracedRegister = patchServer()(originalRegister);
    return function register(this: GrpcServer, name, handler, ...rest) {
      if (typeof handler !== 'function') return tracedRegister.call(this, name, handler, ...rest);
      const calls = new WeakMap<object, CallSlot>();
      const relay: HandlerFunc = function (call, callback) {
        const slot = calls.get(call);
        if (!slot) return handler.call(this, call, callback);
        if (typeof callback !== 'function') return handler.call(slot.self, call);
        return handler.call(slot.self, call, function (this: unknown, err: unknown, value: unknown, ...after: unknown[]) {
          slot.rest = after;
          return callback.call(this, err, value);
        });
      };
      const registered = tracedRegister.call(this, name, relay, ...rest);
      const handlerSet = this.handlers.get(name);
      if (!registered || !handlerSet) return registered;
      const traced = handlerSet.func;
      handlerSet.func = function (call, callback) {
        const slot: CallSlot = { self: this, rest: [] };
        calls.set(call, slot);
        if (typeof callback !== 'function') return traced.call(this, call);
        return traced.call(this, call, function (this: unknown, err: unknown, value: unknown) {
          return callback.call(this, err, value, ...slot.rest);
        });
      };
      return registered;
    };
  };
}
