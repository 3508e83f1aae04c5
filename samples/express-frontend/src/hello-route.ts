import type { Request, Response } from 'express';
import { context, isSpanContextValid, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { contextWithOriginBaggage } from './baggage';
import { runFollowUp } from './follow-up';
import type { GreeterClient } from './greeter-client';
import { logger } from './logger';
import { fetchAuthor, fetchQuote } from './quote';

const tracer = trace.getTracer('express-frontend');

/** Answer when the greeter fails: the frontend works, its upstream did not. */
const HTTP_BAD_GATEWAY = 502;

/**
 * GET /hello/:name[?fail=1]. The kit traces the HTTP request, the gRPC call, the fetch and the
 * node:http call by itself, and puts the trace ids into the pino records; this handler adds what
 * only the application knows: a span of its own with typed attributes, an event and a status, and
 * a baggage entry for the services downstream.
 */
export function helloHandler(greeter: GreeterClient) {
  return async (req: Request<{ name: string }>, res: Response): Promise<void> => {
    const { name } = req.params;
    const fail = req.query.fail === '1';

    // StartSpan: a child of the active span (Express's request handler), active during the callback.
    await context.with(contextWithOriginBaggage(), () =>
      tracer.startActiveSpan('compose greeting', async (span: Span) => {
        // AddAttributes: string, bool and number values keep their types on the wire.
        span.setAttributes({
          'greeting.name': name,
          'greeting.fail_requested': fail,
          'greeting.name_length': name.length,
        });
        try {
          const reply = await greeter.sayHello(name, { fail });
          // Annotate: an event with attributes, at the time it happened.
          span.addEvent('greeting received', {
            'greeting.count': reply.greetingCount,
            'greeting.message_length': reply.message.length,
          });
          const quote = await fetchQuote(req, name);
          const author = await fetchAuthor(req, name);
          span.setStatus({ code: SpanStatusCode.OK });
          // Inside the span: the record carries its trace_id and span_id.
          logger.info({ greetingName: name, greetingCount: reply.greetingCount }, 'greeting sent');
          res.json({ ...reply, quote, author, traceId: traceIdOf(span) });
          const greetingSpan = span.spanContext();
          res.once('finish', () =>
            runFollowUp(greetingSpan).catch((err) => console.error('follow-up failed:', err)),
          );
        } catch (err) {
          const error = err instanceof Error ? err : new Error(String(err));
          span.recordException(error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
          logger.error({ greetingName: name, err: error }, 'greeting failed');
          res.status(HTTP_BAD_GATEWAY).json({ error: error.message, traceId: traceIdOf(span) });
        } finally {
          span.end();
        }
      }),
    );
  };
}

/** The trace id to look up in Jaeger; absent when the app runs without the kit. */
function traceIdOf(span: Span): string | undefined {
  const spanContext = span.spanContext();
  return isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/** GET /hello/:name/languages: the server-streaming call, collected into one answer. */
export function helloLanguagesHandler(greeter: GreeterClient) {
  return async (req: Request<{ name: string }>, res: Response): Promise<void> => {
    try {
      const replies = await greeter.sayHelloStream(req.params.name);
      logger.info({ greetingName: req.params.name, languages: replies.length }, 'greetings sent');
      res.json({ messages: replies.map((reply) => reply.message) });
    } catch (err) {
      logger.error({ greetingName: req.params.name, err }, 'greetings failed');
      res.status(HTTP_BAD_GATEWAY).json({ error: err instanceof Error ? err.message : String(err) });
    }
  };
}
