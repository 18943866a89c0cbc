// node:http2 (secure, HTTP/1.1 clients too) on every address of the default host: ::1 and
// 127.0.0.1, one port. serve() hands the raw connections to the HTTP/2 server, which does TLS and
// ALPN itself.
import { readFileSync } from 'node:fs';
import * as http2 from 'node:http2';
import { fileURLToPath } from 'node:url';
import { bind, serve, type BindOptions, type Binding } from '@sock/bind';
import { formatEndpoint } from '@sock/resolve';

// A self-signed certificate for localhost, 127.0.0.1 and ::1, for tests only: use your own.
const tls = {
  key: readFileSync(new URL('./test-key.pem', import.meta.url)),
  cert: readFileSync(new URL('./test-cert.pem', import.meta.url)),
};

/** A running server: its binding, the HTTP/2 server, and a graceful close. */
export interface Running {
  readonly binding: Binding;
  readonly server: http2.Http2SecureServer;
  /** The certificate clients must trust to connect. */
  readonly ca: Buffer;
  /** Stops accepting, tells every HTTP/2 session to finish its streams and go away, and waits. */
  close(): Promise<void>;
}

export async function start(options: BindOptions = {}): Promise<Running> {
  const binding = await bind({ port: 0, ...options });
  const server = http2.createSecureServer({ ...tls, allowHTTP1: true }, (req, res) => {
    res.end(`hello over HTTP/${req.httpVersion} from ${req.socket.localAddress}\n`);
  });
  serve(server, binding);
  // HTTP/2 clients keep one session open for many requests: binding.close() sends each a GOAWAY,
  // so that it finishes the streams in flight and opens no new ones, and returns once they end.
  return { binding, server, ca: tls.cert, close: () => binding.close() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const running = await start({ port: Number(process.env['PORT'] ?? 3443) });
  for (const address of running.binding.addresses) {
    console.log(`http2: listening on https://${formatEndpoint(address)}/`);
  }
  process.once('SIGINT', () => void running.close());
  process.once('SIGTERM', () => void running.close());
}
