import { once } from 'node:events';
import * as http from 'node:http';
import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
import { bind, serve } from '@sock/bind';

// An http.Server checks headersTimeout and requestTimeout on a timer of its own
// (connectionsCheckingInterval), over a list of connections whose parsers start the clock of each
// request as its first byte arrives. A served server must run that machinery exactly as one that
// listens itself: same list, same timer, connections registered as they arrive.
const HEADERS_TIMEOUT = 1000;
const CHECKING_INTERVAL = 100;
const options: http.ServerOptions = {
  headersTimeout: HEADERS_TIMEOUT,
  requestTimeout: 2 * HEADERS_TIMEOUT,
  connectionsCheckingInterval: CHECKING_INTERVAL,
  keepAliveTimeout: 600_000,
};

/** Node's list of the server's connections and its checking timer, read by their symbols' names. */
function internals(server: http.Server): {
  connections: { all(): unknown[]; active(): unknown[] } | undefined;
  interval: (NodeJS.Timeout & { _repeat?: number | null }) | undefined;
} {
  const find = (name: string): unknown => {
    const key = Object.getOwnPropertySymbols(server).find((s) => s.description === name);
    return key === undefined ? undefined : (server as unknown as Record<symbol, unknown>)[key];
  };
  return {
    connections: find('http.server.connections') as ReturnType<typeof internals>['connections'],
    interval: find('http.server.connectionsCheckingInterval') as ReturnType<
      typeof internals
    >['interval'],
  };
}

type Kind = 'served' | 'listening';

/** An http.Server with the short limits, served by a Binding or listening itself. */
async function start(kind: Kind): Promise<{
  server: http.Server;
  port: number;
  [Symbol.asyncDispose](): Promise<void>;
}> {
  const server = http.createServer(options, (_req, res) => res.end('ok'));
  if (kind === 'served') {
    const binding = await bind({ host: '127.0.0.1' });
    serve(server, binding);
    return { server, port: binding.port, [Symbol.asyncDispose]: () => binding.close() };
  }
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    server,
    port: (server.address() as net.AddressInfo).port,
    [Symbol.asyncDispose]: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Half-sent headers on a fresh connection: what the client reads, and how long the server held
 * the connection (from the client's 'connect', so that a delay before the server sees the
 * connection counts too, to the server socket's 'close').
 */
async function slowHeaders(
  server: http.Server,
  port: number,
): Promise<{ text: string; held: number; registered: boolean }> {
  const arrived = once(server, 'connection') as Promise<[net.Socket]>;
  const client = net.connect({ host: '127.0.0.1', port });
  client.on('error', () => undefined);
  let text = '';
  client.on('data', (d: Buffer) => (text += d.toString('latin1')));
  let connectedAt = 0;
  client.once('connect', () => (connectedAt = performance.now()));
  const clientClosed = new Promise((resolve) => client.once('close', resolve));
  const [socket] = await arrived;
  // Registered with the checks as it arrived: its parser is in the server's active connections.
  const { connections } = internals(server);
  const parser = (socket as net.Socket & { parser?: unknown }).parser;
  const registered = parser !== undefined && connections?.active().includes(parser) === true;
  // Not events.once(), which rejects: the server destroys the socket with the timeout error.
  const serverClosed = new Promise((resolve) => socket.once('close', resolve));
  client.write('GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: yes\r\n');
  await serverClosed;
  const held = performance.now() - connectedAt;
  await clientClosed;
  return { text, held, registered };
}

describe('HTTP time limits of a served server', () => {
  it.each<Kind>(['served', 'listening'])(
    'runs one connection check on the configured interval (%s)',
    async (kind) => {
      await using running = await start(kind);
      const { connections, interval } = internals(running.server);
      expect(connections).toBeDefined();
      expect(interval?._repeat).toBe(CHECKING_INTERVAL);
      // The check must not keep a process alive on its own, as with listen().
      expect(interval?.hasRef()).toBe(false);
    },
  );

  it('cuts half-sent headers at headersTimeout, served as when listening, each connection registered as it arrives', async () => {
    // Both in the same run, so a loaded machine slows both alike.
    await using served = await start('served');
    await using listening = await start('listening');
    const [a, b] = await Promise.all([
      slowHeaders(served.server, served.port),
      slowHeaders(listening.server, listening.port),
    ]);
    for (const r of [a, b]) {
      expect(r.registered).toBe(true);
      expect(r.text).toMatch(/^HTTP\/1\.1 408 /);
      // Never before the limit (the clock starts with the first byte, after 'connection').
      expect(r.held).toBeGreaterThanOrEqual(HEADERS_TIMEOUT - 5);
      // One checking interval late at most; the second is margin for a loaded machine.
      expect(r.held).toBeLessThan(HEADERS_TIMEOUT + 1000);
    }
  });
});
