'use strict';
// Which of Jaeger's default ports are free on this machine, probed before the receiver binds:
// the gRPC server's bind error carries no err.code, so probing is the reliable way to know.

const net = require('node:net');
const dgram = require('node:dgram');

/** The receiver's listeners that are UDP (the Jaeger agent's); the others are TCP. */
const UDP = new Set(['jaegerCompactUdp', 'jaegerBinaryUdp']);

function tcpFree(host, port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function udpFree(host, port) {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind({ address: host, port, exclusive: true }, () => socket.close(() => resolve(true)));
  });
}

/**
 * `defaults`: listener name → port (the receiver's DEFAULT_PORTS). Resolves to the receiver's
 * port options: each free default as is, each taken one 0 (a free port), and the taken list.
 */
async function choosePorts(host, defaults) {
  const options = {};
  const taken = [];
  for (const [name, port] of Object.entries(defaults)) {
    const free = await (UDP.has(name) ? udpFree(host, port) : tcpFree(host, port));
    options[`${name}Port`] = free ? port : 0;
    if (!free) taken.push(port);
  }
  return { options, taken };
}

/** True for a bind failure because the port is in use, whatever shape the error has (gRPC's has no code). */
function isPortInUse(error) {
  return error?.code === 'EADDRINUSE' || /EADDRINUSE|address already in use|No address added/i.test(String(error?.message));
}

module.exports = { choosePorts, isPortInUse };
