import * as http from 'node:http';
import * as net from 'node:net';
import type { Request, Response } from 'express';
import { context, propagation, trace } from '@opentelemetry/api';
import { ORIGIN_BAGGAGE_KEY } from './baggage';

const QUOTES = [
  'Simplicity is prerequisite for reliability.',
  'Make it work, make it right, make it fast.',
  'The cheapest, fastest and most reliable components are those that are not there.',
];

/** GET /internal/quote: the far end of the frontend's outgoing HTTP call. */
export function quoteHandler(req: Request, res: Response): void {
  // The baggage came over HTTP in the `baggage` header, next to `traceparent`.
  const origin = propagation.getBaggage(context.active())?.getEntry(ORIGIN_BAGGAGE_KEY);
  if (origin) trace.getActiveSpan()?.setAttribute(ORIGIN_BAGGAGE_KEY, origin.value);
  const seed = String(req.query.seed ?? '').length;
  res.json({ quote: QUOTES[seed % QUOTES.length] });
}

/**
 * Asks this very server for a quote, over real HTTP with node:http (which the kit instruments),
 * so the trace shows an HTTP client span whose `traceparent` starts a server span.
 */
export function fetchQuote(req: Request, seed: string): Promise<string> {
  const { localAddress = '127.0.0.1', localPort } = req.socket;
  const host = net.isIPv6(localAddress) ? `[${localAddress}]` : localAddress;
  const url = `http://${host}:${localPort}/internal/quote?seed=${encodeURIComponent(seed)}`;
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`quote answered ${res.statusCode}`));
          resolve((JSON.parse(body) as { quote: string }).quote);
        });
      })
      .on('error', reject);
  });
}
