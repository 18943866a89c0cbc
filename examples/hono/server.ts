// Hono on every address of the default host: ::1 and 127.0.0.1, one port. createAdaptorServer()
// builds the Node server without listening; serve() feeds it the connections of every address.
import { fileURLToPath } from 'node:url';
import { createAdaptorServer, type HttpBindings, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { bind, serve, type BindOptions, type Binding } from '@sock/bind';
import { formatEndpoint } from '@sock/resolve';

/** A running app: its binding, the Node server Hono runs in, and a graceful close. */
export interface Running {
  readonly binding: Binding;
  readonly server: ServerType;
  /** Stops accepting, lets requests in flight finish, then emits the server's 'close'. */
  close(): Promise<void>;
}

export async function start(options: BindOptions = {}): Promise<Running> {
  const app = new Hono<{ Bindings: HttpBindings }>();
  app.get('/', (c) => c.text(`hello from ${c.env.incoming.socket.localAddress ?? 'nowhere'}\n`));

  const binding = await bind({ port: 0, ...options });
  const server = serve(createAdaptorServer({ fetch: app.fetch }), binding);
  // Hono has no shutdown hooks of its own: the Node server's 'close' event is the place for them.
  server.on('close', () => console.log('hono: closed'));
  return { binding, server, close: () => binding.close() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const running = await start({ port: Number(process.env['PORT'] ?? 3000) });
  for (const address of running.binding.addresses) {
    console.log(`hono: listening on http://${formatEndpoint(address)}/`);
  }
  process.once('SIGINT', () => void running.close());
  process.once('SIGTERM', () => void running.close());
}
