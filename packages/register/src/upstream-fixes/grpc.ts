import { readChannelOfClientItself } from './grpc-get-channel-method';
import { leaveOutHealthService } from './grpc-health-service';
import { keepServerHandlerArguments } from './grpc-server-handler-arguments';

/**
 * The kit's workarounds for the official gRPC instrumentation, applied before @grpc/grpc-js is
 * loaded (each takes effect when the instrumentation patches it). Each wraps the one before: the
 * health filter is innermost, so a health handler is registered without the official patch.
 */
export function applyGrpcFixes(instrumentation: object): void {
  leaveOutHealthService(instrumentation);
  keepServerHandlerArguments(instrumentation);
  readChannelOfClientItself(instrumentation);
}
