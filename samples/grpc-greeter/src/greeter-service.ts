import * as grpc from '@grpc/grpc-js';
import { context, propagation, trace } from '@opentelemetry/api';
import type { HelloReply, HelloRequest } from './greeter-proto';
import type { GreetingsDb } from './greetings-db';

/** The baggage entry the frontend sets; the greeter copies it onto its span. */
const ORIGIN_BAGGAGE_KEY = 'greeting.origin';

const SALUTATIONS: ReadonlyArray<[language: string, word: string]> = [
  ['en', 'Hello'],
  ['fr', 'Bonjour'],
  ['es', 'Hola'],
];

/**
 * The Greeter handlers. @kit/register makes the gRPC server span active around them, so the
 * pg queries become its children and `trace.getActiveSpan()` is that server span.
 */
export function greeterHandlers(db: GreetingsDb): grpc.UntypedServiceImplementation {
  return {
    async SayHello(
      call: grpc.ServerUnaryCall<HelloRequest, HelloReply>,
      callback: grpc.sendUnaryData<HelloReply>,
    ) {
      try {
        const { name } = acceptRequest(call.request);
        const greetingCount = await db.record(name, 'en');
        callback(null, { message: `Hello, ${name}!`, greetingCount });
      } catch (err) {
        callback(asServiceError(err));
      }
    },

    async SayHelloStream(call: grpc.ServerWritableStream<HelloRequest, HelloReply>) {
      try {
        const { name } = acceptRequest(call.request);
        for (const [language, word] of SALUTATIONS) {
          const greetingCount = await db.record(name, language);
          call.write({ message: `${word}, ${name}!`, greetingCount });
        }
        call.end();
      } catch (err) {
        // grpc-js sends an 'error' emitted on a server stream as the call's status.
        call.emit('error', asServiceError(err));
      }
    },
  };
}

/** Copies the caller's baggage onto the server span, then honours the `fail` switch. */
function acceptRequest(request: HelloRequest): HelloRequest {
  tagSpanWithOrigin();
  if (request.fail || request.name === 'fail') {
    throw new GreetingRefused(`refusing to greet ${request.name}: failure requested`);
  }
  return request;
}

/** Baggage travels with the context, not on spans: a service that wants it in the trace says so. */
function tagSpanWithOrigin(): void {
  const origin = propagation.getBaggage(context.active())?.getEntry(ORIGIN_BAGGAGE_KEY);
  if (origin) trace.getActiveSpan()?.setAttribute(ORIGIN_BAGGAGE_KEY, origin.value);
}

class GreetingRefused extends Error {
  override name = 'GreetingRefused';
}

/**
 * Records the exception on the server span (the gRPC instrumentation sets status ERROR from
 * the status code) and turns it into a gRPC status.
 */
function asServiceError(err: unknown): grpc.ServerErrorResponse {
  const error = err instanceof Error ? err : new Error(String(err));
  trace.getActiveSpan()?.recordException(error);
  const code = error instanceof GreetingRefused ? grpc.status.FAILED_PRECONDITION : grpc.status.INTERNAL;
  return Object.assign(error, { code, details: error.message });
}
