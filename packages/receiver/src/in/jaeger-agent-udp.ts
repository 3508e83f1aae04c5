import { createSocket } from 'node:dgram';
import type { Protocol } from '../types';
import type { Ingest, Log } from './ingest';
import type { ThriftBatch } from './jaeger-schema';
import { normalizeJaeger } from './normalize-jaeger';

/**
 * One of the Jaeger agent's UDP ports: each datagram is one Agent.emitBatch call (no answer is
 * sent; UDP senders do not wait for one). A datagram that does not decode is logged and dropped.
 */
export async function startJaegerAgentUdp(
  host: string,
  port: number,
  protocol: Protocol,
  decode: (datagram: Buffer) => ThriftBatch,
  ingest: Ingest,
  log: Log,
): Promise<{ port: number; close: () => Promise<void> }> {
  const socket = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' });
  socket.on('message', (datagram, from) => {
    try {
      ingest(normalizeJaeger(decode(datagram), protocol));
    } catch (error) {
      log(`Jaeger agent UDP (${protocol}) datagram of ${datagram.length} bytes from ${from.address}:${from.port} dropped: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.removeListener('error', reject);
      resolve();
    });
  });
  // After binding, an error (none is expected for a receiving socket) is logged, not thrown.
  socket.on('error', (error) => log(`Jaeger agent UDP (${protocol}) socket error: ${error.message}`));
  return {
    port: socket.address().port,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
