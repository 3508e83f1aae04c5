// Collectors that misbehave: none at all, one that accepts connections and never answers, and
// a real receiver brought back on the same port.
import { FREE_PORTS, startReceiver, type Receiver } from '@kit/receiver';
import * as http from 'node:http';
import * as net from 'node:net';

/** A port nothing listens on: bound to learn a free number, then released. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface SilentCollector {
  port: number;
  /** How many connections it accepted (and never answered). */
  connections(): number;
  close(): Promise<void>;
}

/** Accepts TCP connections, reads whatever comes, and never answers. */
export async function startSilentCollector(port = 0): Promise<SilentCollector> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => accepted,
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}

/** A receiver whose OTLP/HTTP port is `otlpHttpPort` (0: any free one); the other ports are free ones. */
export function startReceiverOn(otlpHttpPort = 0): Promise<Receiver> {
  return startReceiver({ ...FREE_PORTS, otlpHttpPort, log: () => undefined });
}

export interface RecordingCollector {
  port: number;
  /** The headers of every request it got. */
  requests: Array<Record<string, string | string[] | undefined>>;
  close(): Promise<void>;
}

/** Answers every request with `status` and a body that echoes the request's headers, as a careless proxy might. */
export async function startRecordingCollector(status: number): Promise<RecordingCollector> {
  const requests: RecordingCollector['requests'] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.headers);
    request.resume();
    request.on('end', () => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ headers: request.headers })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers every request 503 with `Retry-After: <seconds>`: a collector shedding load. */
export async function startRetryAfterCollector(seconds: number): Promise<{ port: number; requests(): number; close(): Promise<void> }> {
  let requests = 0;
  const server = http.createServer((request, response) => {
    requests++;
    request.resume();
    request.on('end', () => response.writeHead(503, { 'retry-after': String(seconds) }).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    requests: () => requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
