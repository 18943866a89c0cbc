// Fastify on every address of the default host: ::1 and 127.0.0.1, one port. Fastify never
// listens itself: its serverFactory returns the http.Server that serve() feeds.
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { bind, serve, type BindOptions, type Binding } from '@sock/bind';
import { formatEndpoint } from '@sock/resolve';

/** A running app: its binding, the Fastify instance, and a graceful close. */
export interface Running {
  readonly binding: Binding;
  readonly app: FastifyInstance;
  /** Stops accepting, lets requests in flight finish, then runs Fastify's onClose hooks. */
  close(): Promise<void>;
}

/** `setup` registers routes, plugins and hooks before the app is ready. */
export async function start(
  options: BindOptions = {},
  setup: (app: FastifyInstance) => void = () => undefined,
): Promise<Running> {
  const binding = await bind({ port: 0, ...options });
  const app = Fastify({ serverFactory: (handler) => serve(handler, binding) });
  app.get('/', (req) => ({ hello: req.socket.localAddress }));
  // Fastify's own shutdown hooks: close databases and queues here, after the last response.
  app.addHook('onClose', () => console.log('fastify: onClose'));
  setup(app);
  await app.ready();
  return {
    binding,
    app,
    async close() {
      await binding.close(); // no new connections; requests in flight finish
      await app.close(); // preClose and onClose hooks
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const running = await start({ port: Number(process.env['PORT'] ?? 3000) });
  for (const address of running.binding.addresses) {
    console.log(`fastify: listening on http://${formatEndpoint(address)}/`);
  }
  process.once('SIGINT', () => void running.close());
  process.once('SIGTERM', () => void running.close());
}
