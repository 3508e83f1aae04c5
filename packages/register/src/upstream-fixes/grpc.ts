import { readChannelOfClientItself } from './grpc-get-channel-method';
import { leaveOutHealthService } from './grpc-health-service';
import { keepServerHandlerArguments } from './grpc-server-handler-arguments';

/**
 * The kit's workarounds for the official gRPC instrumentation, applied before @grpc/grpc-js is
 * loaded (each takes effect when it patches). Health first: its probes skip the server fix too.
 */
export function applyGrpcFixes(instrumentation: object): void {
  leaveOutHealthService(instrumentation);
  keepServerHandlerArguments(instrumentation);
  readChannelOfClientItself(instrumentation);
}
