import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import { HTTP_BAD_REQUEST, HTTP_PAYLOAD_TOO_LARGE, HTTP_UNSUPPORTED_MEDIA_TYPE } from '../http/status';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

/** Why a body was refused, with the HTTP status that says so. */
export class BodyError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a request body of at most maxBytes, before and after decompression (a small gzip body
 * can inflate to gigabytes). Past the limit the rest is drained unread, so the connection stays
 * usable and the client gets the 413 instead of a reset.
 */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const raw = await readRaw(request, maxBytes);
  return decode(raw, request.headers['content-encoding'], maxBytes);
}

function readRaw(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) return refuse();
      chunks.push(chunk);
    };
    const refuse = (): void => {
      // Keep reading and dropping (not destroying): the client then gets the 413, not a reset.
      request.removeListener('data', onData);
      request.resume();
      reject(new BodyError(HTTP_PAYLOAD_TOO_LARGE, `body larger than ${maxBytes} bytes`));
    };
    if (Number(request.headers['content-length'] ?? 0) > maxBytes) return refuse();
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}

async function decode(body: Buffer, encoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const name = (encoding ?? 'identity').trim().toLowerCase();
  const options = { maxOutputLength: maxBytes };
  try {
    if (name === 'identity' || name === '') return body;
    if (name === 'gzip' || name === 'x-gzip') return await gunzipAsync(body, options);
    if (name === 'deflate') return await inflateAsync(body, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new BodyError(HTTP_PAYLOAD_TOO_LARGE, `body inflates to more than ${maxBytes} bytes`);
    }
    throw new BodyError(HTTP_BAD_REQUEST, `cannot decompress ${name} body: ${(error as Error).message}`);
  }
  throw new BodyError(HTTP_UNSUPPORTED_MEDIA_TYPE, `unsupported Content-Encoding "${name}"`);
}

/** The media type of a Content-Type header, without parameters, lower-case. */
export function mediaType(request: IncomingMessage): string {
  return (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}
