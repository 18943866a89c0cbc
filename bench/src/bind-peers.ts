// The port allocators compared in the bind benchmark, each used the way its README shows, and
// each followed by the listen a user would then do. Shared by bind.ts and bind-child.ts.
// A free port: each peer's plain call (get-port and portfinder then check every local address,
// the cost their users pay). A range: each is told the host the user listens on, so that it checks
// that one address only, the fairest setting for it.
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { bind } from '@sock/bind';
import detectPort from 'detect-port';
import getPort, { portNumbers } from 'get-port';
import { getPort as getPortPlease } from 'get-port-please';
import portfinder from 'portfinder';

export const HOST = '127.0.0.1';

/** What one allocation gave: something to close, and the port it ended on (or the failure). */
export interface Allocation {
  readonly port: number;
  close(): Promise<void>;
}

/** Allocates a port in [from, to] (or any free port when `range` is undefined) and listens on it. */
export type Allocator = (range?: { from: number; to: number }) => Promise<Allocation>;

/** The listen a user does with the number a port finder returned. */
export async function listenOn(port: number): Promise<Allocation> {
  const server: Server = createServer();
  server.listen(port, HOST);
  await once(server, 'listening'); // rejects with the listen's error (EADDRINUSE when raced)
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const allocators: Record<string, Allocator> = {
  'sock bind': async (range) => {
    const binding = await bind({ host: HOST, port: range ?? 0 });
    return { port: binding.port, close: () => binding.close() };
  },
  'get-port': async (range) =>
    listenOn(
      await getPort(
        range === undefined ? {} : { port: portNumbers(range.from, range.to), host: HOST },
      ),
    ),
  portfinder: async (range) =>
    listenOn(
      await portfinder.getPortPromise(
        range === undefined
          ? {}
          : { port: range.from, startPort: range.from, stopPort: range.to, host: HOST },
      ),
    ),
  'detect-port': async (range) =>
    listenOn(await detectPort(range === undefined ? 0 : { port: range.from, hostname: HOST })),
  'get-port-please': async (range) =>
    listenOn(
      await getPortPlease(
        range === undefined
          ? { port: 0, host: HOST }
          : { port: range.from, portRange: [range.from, range.to], host: HOST },
      ),
    ),
};
