import type { Socket as UdpSocket } from 'node:dgram';
import * as net from 'node:net';
import type { AppState } from './app.js';

/** Idle echo connections are closed after this, so a forgotten client cannot hold one forever. */
const echoIdleTimeout = 60_000;

/** A TCP echo server: every byte a client sends comes back; counts connections in `state`. */
export function createEchoServer(
  state: AppState,
  options: { readonly maxConnections: number },
): net.Server {
  return net.createServer((socket) => {
    if (options.maxConnections > 0 && state.connections >= options.maxConnections) {
      socket.destroy();
      return;
    }
    state.connections++;
    state.requests++;
    socket.setTimeout(echoIdleTimeout, () => socket.destroy());
    // A client that resets the connection is normal for echo; it must not crash the server.
    socket.on('error', () => undefined);
    socket.once('close', () => {
      state.connections--;
    });
    socket.pipe(socket);
  });
}

/** Makes each bound UDP socket answer every datagram with the same bytes, to the sender. */
export function serveUdpEcho(sockets: readonly UdpSocket[], state: AppState): void {
  for (const socket of sockets) {
    socket.on('message', (message, remote) => {
      state.requests++;
      socket.send(message, remote.port, remote.address);
    });
    // A send to a vanished peer (ICMP unreachable on some systems) must not end the server.
    socket.on('error', () => undefined);
  }
}
