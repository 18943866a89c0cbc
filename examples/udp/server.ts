// A UDP echo with node:dgram on every address of the default host: ::1 and 127.0.0.1, one port.
// UDP has no connections: each bound socket answers the datagrams sent to its own address.
import { fileURLToPath } from 'node:url';
import { bind, type BindOptions, type UdpBinding } from '@sock/bind';
import { formatEndpoint } from '@sock/resolve';

/** A running echo: its binding (one dgram.Socket per address in `binding.sockets`). */
export interface Running {
  readonly binding: UdpBinding;
  close(): Promise<void>;
}

export async function start(options: BindOptions = {}): Promise<Running> {
  const binding = await bind({ port: 0, ...options, protocol: 'udp' });
  for (const socket of binding.sockets) {
    socket.on('message', (message, from) => socket.send(message, from.port, from.address));
  }
  return { binding, close: () => binding.close() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const running = await start({ port: Number(process.env['PORT'] ?? 7000) });
  for (const address of running.binding.addresses) {
    console.log(
      `udp: echo on ${formatEndpoint(address)} (try: nc -u ${address.address} ${address.port})`,
    );
  }
  process.once('SIGINT', () => void running.close());
  process.once('SIGTERM', () => void running.close());
}
