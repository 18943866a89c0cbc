// Real socket errors on 127.0.0.1, for the tests that hold the tables and toSockError() against them.
import * as net from 'node:net';

/** A TCP server on 127.0.0.1 holding a port; `await using` closes it. */
export async function occupyPort(): Promise<{ port: number } & AsyncDisposable> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    [Symbol.asyncDispose]: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that was just held and released, so nothing listens on it. */
export async function closedPort(): Promise<number> {
  await using held = await occupyPort();
  return held.port;
}

/** What listen() on a port rejects with; the server is closed either way. */
export function listenError(port: number, host: string): Promise<NodeJS.ErrnoException> {
  const server = net.createServer();
  return new Promise((resolve, reject) => {
    server.once('error', (error) => server.close(() => resolve(error)));
    server.listen(port, host, () => server.close(() => reject(new Error('listen succeeded'))));
  });
}

/** What a connection rejects with; the socket is destroyed either way. */
export function connectError(options: net.NetConnectOpts): Promise<NodeJS.ErrnoException> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(options);
    socket.once('error', (error) => {
      socket.destroy();
      resolve(error);
    });
    socket.once('connect', () => {
      socket.destroy();
      reject(new Error('connect succeeded'));
    });
  });
}
