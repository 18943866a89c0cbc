// Express 5 on every address of the default host: ::1 and 127.0.0.1, one port.
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { bind, serve, type BindOptions, type Binding } from '@sock/bind';
import { formatEndpoint } from '@sock/resolve';

/** A running app: its binding, the http.Server that serves it, and a graceful close. */
export interface Running {
  readonly binding: Binding;
  readonly server: Server;
  /** Stops accepting, lets requests in flight finish, then emits the server's 'close'. */
  close(): Promise<void>;
}

export async function start(options: BindOptions = {}): Promise<Running> {
  const app = express();
  app.get('/', (req, res) => {
    res.send(`hello from ${req.socket.localAddress ?? 'nowhere'}\n`);
  });

  // bind() listens on every address; serve() hands all their connections to one http.Server.
  const binding = await bind({ port: 0, ...options });
  const server = serve(app, binding);
  // Express has no shutdown hooks of its own: the http.Server's 'close' event is the place to
  // close databases and flush logs. binding.close() drains the connections, then closes it.
  server.on('close', () => console.log('express: closed'));
  return { binding, server, close: () => binding.close() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const running = await start({ port: Number(process.env['PORT'] ?? 3000) });
  for (const address of running.binding.addresses) {
    console.log(`express: listening on http://${formatEndpoint(address)}/`);
  }
  process.once('SIGINT', () => void running.close());
  process.once('SIGTERM', () => void running.close());
}
