import pino from 'pino';

/**
 * The app's logger, one JSON line per record on stdout. Nothing here knows about tracing: the
 * kit finds pino in the app and adds trace_id, span_id and trace_flags to every record written
 * inside a span, so a log line leads to its trace in Jaeger.
 */
export const logger = pino({ name: 'express-frontend' });
