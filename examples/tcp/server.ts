// A line protocol over TCP with node:net on every address of the default host: ::1 and
// 127.0.0.1, one port. Each line gets an answer: `PING` -> `PONG`, `TIME` -> the time, anything
// else -> `ERR unknown command`. A graceful close says `BYE` to every client and waits for it to go.
import * as net from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { bind, serve, type BindOptions, type Binding } from '@sock/bind';
import { formatEndpoint } from '@sock/resolve';

/** A running server: its binding and a graceful close. */
export interface Running {
  readonly binding: Binding;
  close(): Promise<void>;
}

function answer(line: string): string {
  switch (line.trim().toUpperCase()) {
    case 'PING':
      return 'PONG';
    case 'TIME':
      return new Date().toISOString();
    default:
      return 'ERR unknown command';
  }
}

export async function start(options: BindOptions = {}): Promise<Running> {
  const binding = await bind({ port: 0, ...options });
  const clients = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    clients.add(socket);
    socket.once('close', () => clients.delete(socket));
    socket.on('error', () => socket.destroy()); // a client that vanishes is not our failure
    createInterface({ input: socket, crlfDelay: Infinity }).on('line', (line) => {
      if (socket.writable) socket.write(`${answer(line)}\n`);
    });
  });
  serve(server, binding);
  return {
    binding,
    close() {
      const closing = binding.close(); // no new connections from here on
      for (const socket of clients) socket.end('BYE\n');
      return closing;
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const running = await start({ port: Number(process.env['PORT'] ?? 7000) });
  for (const address of running.binding.addresses) {
    console.log(
      `tcp: listening on ${formatEndpoint(address)} (try: nc ${address.address} ${address.port})`,
    );
  }
  process.once('SIGINT', () => void running.close());
  process.once('SIGTERM', () => void running.close());
}
