import * as http from 'node:http';
import * as net from 'node:net';
import type { Request, Response } from 'express';
import { context, propagation, trace } from '@opentelemetry/api';
import { ORIGIN_BAGGAGE_KEY } from './baggage';

const QUOTES = [
  { quote: 'Simplicity is prerequisite for reliability.', author: 'Edsger W. Dijkstra' },
  { quote: 'Make it work, make it right, make it fast.', author: 'Kent Beck' },
  { quote: 'The cheapest, fastest and most reliable components are those that are not there.', author: 'Gordon Bell' },
];

const pick = (seed: unknown) => QUOTES[String(seed ?? '').length % QUOTES.length];

/** GET /internal/quote: the far end of the frontend's fetch() call. */
export function quoteHandler(req: Request, res: Response): void {
  // The baggage came over HTTP in the `baggage` header, next to `traceparent`.
  const origin = propagation.getBaggage(context.active())?.getEntry(ORIGIN_BAGGAGE_KEY);
  if (origin) trace.getActiveSpan()?.setAttribute(ORIGIN_BAGGAGE_KEY, origin.value);
  res.json({ quote: pick(req.query.seed).quote });
}

/** GET /internal/author: the far end of the frontend's node:http call. */
export function authorHandler(req: Request, res: Response): void {
  res.json({ author: pick(req.query.seed).author });
}

/** This very server's address, as the request reached it. */
function selfUrl(req: Request, path: string, seed: string): string {
  const { localAddress = '127.0.0.1', localPort } = req.socket;
  const host = net.isIPv6(localAddress) ? `[${localAddress}]` : localAddress;
  return `http://${host}:${localPort}${path}?seed=${encodeURIComponent(seed)}`;
}

/**
 * Asks this very server for a quote with Node's global fetch (which the kit instruments as
 * undici), so the trace shows a fetch client span whose `traceparent` starts a server span.
 */
export async function fetchQuote(req: Request, seed: string): Promise<string> {
  const res = await fetch(selfUrl(req, '/internal/quote', seed));
  if (res.status !== 200) throw new Error(`quote answered ${res.status}`);
  return ((await res.json()) as { quote: string }).quote;
}

/** The same kind of call with node:http, as older client code makes it: traced just the same. */
export function fetchAuthor(req: Request, seed: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(selfUrl(req, '/internal/author', seed), (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`author answered ${res.statusCode}`));
          resolve((JSON.parse(body) as { author: string }).author);
        });
      })
      .on('error', reject);
  });
}
