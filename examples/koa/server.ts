// Koa on every address of the default host: ::1 and 127.0.0.1, one port. app.callback() is the
// request handler that app.listen() would give an http.Server; serve() gives it one instead.
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import Koa from 'koa';
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
  const app = new Koa();
  app.use((ctx) => {
    ctx.body = `hello from ${ctx.req.socket.localAddress ?? 'nowhere'}\n`;
  });

  const binding = await bind({ port: 0, ...options });
  const handle = app.callback();
  // Koa's handler settles its own promise (errors go to its 'error' event), so nothing awaits it.
  const server = serve((req, res) => void handle(req, res), binding);
  // Koa has no shutdown hooks of its own: the http.Server's 'close' event is the place for them.
  server.on('close', () => console.log('koa: closed'));
  return { binding, server, close: () => binding.close() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const running = await start({ port: Number(process.env['PORT'] ?? 3000) });
  for (const address of running.binding.addresses) {
    console.log(`koa: listening on http://${formatEndpoint(address)}/`);
  }
  process.once('SIGINT', () => void running.close());
  process.once('SIGTERM', () => void running.close());
}
