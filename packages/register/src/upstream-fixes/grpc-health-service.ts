// Upstream: @opentelemetry/instrumentation-grpc 0.300.0, `ignoreGrpcMethods` matches the method
// name alone (serverUtils `shouldNotTraceServerCall`, clientUtils `getMethodsToWrap`), so leaving
// out the health service's Check and Watch also left out every other service's Check and Watch.
// Here the whole path decides. Drop this file when upstream can ignore by service.

type Register = (this: GrpcServer, name: string, handler: unknown, ...rest: unknown[]) => boolean;
interface GrpcServer {
  handlers: Map<string, { func: unknown }>;
}
type ClientMethod = ((...args: unknown[]) => unknown) & { path?: string };
type Wrap<T> = (original: T) => T;

interface GrpcPatcher {
  _patchServer(): Wrap<Register>;
  _getPatchedClientMethods(grpcLib: unknown): Wrap<ClientMethod>;
  _patchClientRequestMethod(grpcLib: unknown, hasResponseStream: boolean, name: string): Wrap<ClientMethod>;
}

/** The standard health service (grpc.health.v1): probes make no span, like /health. */
export function isGrpcHealthPath(path: unknown): boolean {
  return typeof path === 'string' && path.replace(/^\//, '').startsWith('grpc.health.v1.Health/');
}

/** Server handlers, generated client methods and direct `makeXRequest` calls of the health service stay untraced. */
export function leaveOutHealthService(instrumentation: object): void {
  const patcher = instrumentation as GrpcPatcher;
  const patchServer = patcher._patchServer.bind(instrumentation);
  patcher._patchServer = () => (originalRegister) => {
    const tracedRegister = patchServer()(originalRegister);
    return function register(this: GrpcServer, name, handler, ...rest) {
      return (isGrpcHealthPath(name) ? originalRegister : tracedRegister).call(this, name, handler, ...rest);
    };
  };

  const patchClientMethods = patcher._getPatchedClientMethods.bind(instrumentation);
  patcher._getPatchedClientMethods = (grpcLib) => {
    const wrap = patchClientMethods(grpcLib);
    return (original) => (isGrpcHealthPath(original.path) ? passThrough(original) : wrap(original));
  };

  const patchRequestMethod = patcher._patchClientRequestMethod.bind(instrumentation);
  patcher._patchClientRequestMethod = (grpcLib, hasResponseStream, name) => (original) => {
    const traced = patchRequestMethod(grpcLib, hasResponseStream, name)(original);
    return function (this: unknown, ...args: unknown[]) {
      return (isGrpcHealthPath(args[0]) ? original : traced).apply(this, args);
    };
  };
}

/** A fresh function for the instrumentation to mark as wrapped, so the generated method itself stays unmarked. */
function passThrough(original: ClientMethod): ClientMethod {
  const method = function (this: unknown, ...args: unknown[]) {
    return original.apply(this, args);
  };
  return Object.assign(method, original);
}
