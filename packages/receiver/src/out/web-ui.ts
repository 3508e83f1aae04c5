import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, resolve, sep } from 'node:path';
import { acceptGet, sendText } from '../http/server';
import { HTTP_OK, HTTP_SERVICE_UNAVAILABLE } from '../http/status';

/** Where the build puts the web UI: <package>/dist/web, two folders above this file in src/ and in dist/. */
export const DEFAULT_WEB_DIR = join(__dirname, '..', '..', 'dist', 'web');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

const NOT_BUILT = 'web UI not built: run npm run build';

/**
 * The web UI's files: a GET of a file under webDir is served as is; any other path answers
 * index.html, so that the UI's own routes (/trace/<id>, /search?…) work as deep links. A path
 * that would leave webDir (`..`, encoded or not) never reads outside it.
 */
export function handleWebUi(webDir: string) {
  const root = resolve(webDir);
  return async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    if (!acceptGet(request, response)) return;
    const file = (await fileWithin(root, url.pathname)) ?? (await fileWithin(root, '/index.html'));
    if (!file) return sendText(response, HTTP_SERVICE_UNAVAILABLE, NOT_BUILT);
    const type = CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream';
    response.writeHead(HTTP_OK, { 'Content-Type': type, 'Content-Length': file.stats.size, 'Cache-Control': 'no-cache' });
    createReadStream(file.path)
      .once('error', () => response.destroy())
      .pipe(response);
  };
}

/** The regular file at pathname inside root, or undefined when there is none or it would be outside root. */
async function fileWithin(root: string, pathname: string): Promise<{ path: string; stats: Stats } | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const path = resolve(root, '.' + decoded);
  const inside = relative(root, path);
  if (inside === '' || inside.startsWith('..') || inside.startsWith(sep) || resolve(root, inside) !== path) return undefined;
  try {
    const stats = await stat(path);
    return stats.isFile() ? { path, stats } : undefined;
  } catch {
    return undefined;
  }
}
