// node:https on every address of the default host: ::1 and 127.0.0.1, one port. The TLS server
// never listens itself; serve() hands it the raw connections of every address and it does the
// handshakes.
import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import { fileURLToPath } from 'node:url';
import { bind, serve, type BindOptions, type Binding } from '@sock/bind';
import { formatEndpoint } from '@sock/resolve';

// A self-signed certificate for localhost, 127.0.0.1 and ::1, for tests only: use your own.
const tls = {
  key: readFileSync(new URL('./test-key.pem', import.meta.url)),
  cert: readFileSync(new URL('./test-cert.pem', import.meta.url)),
};

/** A running server: its binding, the https.Server, and a graceful close. */
export interface Running {
  readonly binding: Binding;
  readonly server: https.Server;
  /** The certificate clients must trust to connect. */
  readonly ca: Buffer;
  close(): Promise<void>;
}

export async function start(options: BindOptions = {}): Promise<Running> {
  const binding = await bind({ port: 0, ...options });
  const server = serve(
    https.createServer(tls, (req, res) =>
      res.end(`hello over TLS from ${req.socket.localAddress}\n`),
    ),
    binding,
  );
  return { binding, server, ca: tls.cert, close: () => binding.close() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const running = await start({ port: Number(process.env['PORT'] ?? 3443) });
  for (const address of running.binding.addresses) {
    console.log(`https: listening on https://${formatEndpoint(address)}/`);
  }
  process.once('SIGINT', () => void running.close());
  process.once('SIGTERM', () => void running.close());
}
