// Shared by the Windows lane's tests (node:test on node.exe under Wine). Plain ESM, no dependencies:
// vitest does not start under Wine, and these files are copied next to a hoisted node_modules.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import net from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** The resource kinds a socket leak leaves behind in process.getActiveResourcesInfo(). */
const SOCKET_KINDS = new Set([
  'TCPServerWrap',
  'TCPSocketWrap',
  'TCPWrap',
  'UDPWrap',
  'PipeWrap',
  'ConnectWrap',
  'TCPConnectWrap',
  'GetAddrInfoReqWrap',
]);

/** How many socket resources of each kind this process holds. */
export function sockets() {
  const counts = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (SOCKET_KINDS.has(kind)) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

function grown(before) {
  const now = sockets();
  return Object.keys(now).filter((kind) => now[kind] > (before[kind] ?? 0));
}

/**
 * Asserts that no kind of socket resource outnumbers `before` (earlier tests' sockets may still be
 * finishing their close, so counts may drop). libuv on Windows completes a close only when the
 * cancelled I/O comes back, a few loop turns later: this waits turn by turn, no timers, up to 200.
 */
export async function expectNoLeaks(before) {
  for (let turn = 0; turn < 200 && grown(before).length > 0; turn++) await nextTurn();
  assert.deepEqual(grown(before), [], `sockets left open: ${JSON.stringify(sockets())}`);
}

/** A plain node:net listener on `host`, port 0 unless given; close() releases it. */
export function holdTcp(host = '127.0.0.1', options = {}) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host, port: 0, ...options }, () => {
      server.off('error', reject);
      resolve({
        server,
        port: server.address().port,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

/** A plain node:dgram socket on `host`, port 0 unless given; close() releases it. */
export function holdUdp(host = '127.0.0.1', options = {}) {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', ...options });
    socket.once('error', reject);
    socket.bind({ address: host, port: 0, ...options }, () => {
      socket.off('error', reject);
      resolve({
        socket,
        port: socket.address().port,
        close: () => new Promise((done) => socket.close(() => done())),
      });
    });
  });
}

/** The error a plain listen() fails with, or undefined when it listens (and is closed again). */
export async function listenError(host, port, options = {}) {
  try {
    const held = await holdTcp(host, { port, ...options });
    await held.close();
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Connects to host:port and closes again once the other side ends; rejects on error. */
export function connectOnce(host, port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.end();
      socket.once('close', () => resolve());
      socket.resume();
    });
  });
}

/**
 * Connects to host:port and says which of `servers` accepted the connection (its index) and the
 * client address it saw (`::ffff:127.0.0.1` on a dual-stack socket).
 */
export async function whoAccepts(servers, host, port) {
  const listeners = [];
  const accepted = new Promise((resolve) => {
    servers.forEach((server, index) => {
      const listener = (socket) => resolve({ index, remoteAddress: socket.remoteAddress });
      listeners.push([server, listener]);
      server.once('connection', listener);
    });
  });
  await connectOnce(host, port);
  const result = await accepted;
  for (const [server, listener] of listeners) server.off('connection', listener);
  return result;
}

/** Sends one datagram to host:port from a fresh socket and waits for the answer. */
export function udpRoundTrip(host, port, text = 'ping') {
  return new Promise((resolve, reject) => {
    const client = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    client.once('error', (error) => client.close(() => reject(error)));
    client.once('message', (message) => client.close(() => resolve(message.toString())));
    client.send(text, port, host);
  });
}

/** Answers every datagram on a bound dgram socket with the same bytes. */
export function echoDatagrams(socket) {
  socket.on('message', (message, from) => socket.send(message, from.port, from.address));
}

/** A port nothing listens on: taken from the system, then released. */
export async function closedPort(host = '127.0.0.1') {
  const held = await holdTcp(host);
  await held.close();
  return held.port;
}
