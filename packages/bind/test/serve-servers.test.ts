import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as http2 from 'node:http2';
import * as https from 'node:https';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { Client } from 'undici';
import { describe, expect, it } from 'vitest';
import { bind, serve, type Binding } from '@sock/bind';

// A self-signed certificate for localhost, 127.0.0.1 and ::1 (fixtures/tls/README.md).
const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/tls/${name}`, import.meta.url), 'utf8');
const key = fixture('key.pem');
const cert = fixture('cert.pem');
const ca = cert;

// Short timeouts so the slow-client checks answer within a test; the periodic check is what a
// server that never listened used to miss.
const HEADERS_TIMEOUT = 500;
const slowClientOptions = {
  headersTimeout: HEADERS_TIMEOUT,
  requestTimeout: 1000,
  connectionsCheckingInterval: 100,
  // Idle keep-alive connections would otherwise also end on their own after 5 s.
  keepAliveTimeout: 600_000,
};

/** A promise and the function that settles it. */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire };
}

/** A handler that answers 'late' only once released, and says when a request is in it. */
function heldHandler(): {
  handler: (req: unknown, res: { end(body: string): void }) => void;
  entered: Promise<void>;
  release: () => void;
} {
  const inHandler = signal();
  const held = signal();
  return {
    handler: (_req, res) => {
      inHandler.fire();
      void held.promise.then(() => res.end('late'));
    },
    entered: inHandler.promise,
    release: held.fire,
  };
}

/** Everything a socket receives until it closes. */
function readAll(socket: net.Socket): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    socket.on('data', (d: Buffer) => (data += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(data));
  });
}

/** Sends half a request (no blank line after the headers) and waits for the server's answer. */
async function slowHeaders(socket: net.Socket): Promise<{ text: string; ms: number }> {
  const started = performance.now();
  const text = readAll(socket);
  socket.write('GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: yes\r\n');
  return { text: await text, ms: performance.now() - started };
}

function tlsConnect(port: number, host = '127.0.0.1', alpn = ['http/1.1']): tls.TLSSocket {
  return tls.connect({ host, port, ca, servername: 'localhost', ALPNProtocols: alpn });
}

function secureConnected(socket: tls.TLSSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('secureConnect', () => resolve());
    socket.once('error', reject);
  });
}

/** GET / through `agent` and the body, on a keep-alive connection; also the socket it used. */
function keepAliveGet(
  mod: typeof http | typeof https,
  agent: http.Agent,
  port: number,
): Promise<{ body: string; socket: net.Socket; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    let socket: net.Socket | undefined;
    const req = mod.get(
      { host: '127.0.0.1', port, path: '/', agent, ca, servername: 'localhost' },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ body, socket: socket!, headers: res.headers }));
      },
    );
    req.on('socket', (s) => (socket = s));
    req.on('error', reject);
  });
}

function closed(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    else socket.once('close', () => resolve());
  });
}

const FOREVER = 600_000;

describe.each([
  ['http.Server', http, (): http.Server => http.createServer(slowClientOptions)],
  [
    'https.Server',
    https,
    (): http.Server => https.createServer({ key, cert, ...slowClientOptions }) as never,
  ],
] as const)('serve() with %s', (_name, mod, create) => {
  const secure = mod === https;
  const connect = (port: number): net.Socket =>
    secure ? tlsConnect(port) : net.connect({ host: '127.0.0.1', port });

  it('answers on every address of the binding', async () => {
    await using binding = await bind();
    const server = serve(create(), binding);
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) =>
      res.end(req.socket.localAddress),
    );
    const agent = new mod.Agent({ keepAlive: false });
    for (const { address } of binding.addresses) {
      const body = await new Promise<string>((resolve, reject) => {
        mod
          .get({ host: address, port: binding.port, agent, ca, servername: 'localhost' }, (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve(text));
          })
          .on('error', reject);
      });
      expect(body).toBe(address);
    }
    agent.destroy();
  });

  it('answers half-sent headers with 408 within headersTimeout and a second', async () => {
    await using binding = await bind({ host: '127.0.0.1' });
    serve(create(), binding);
    const socket = connect(binding.port);
    if (socket instanceof tls.TLSSocket) await secureConnected(socket);
    const { text, ms } = await slowHeaders(socket);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeLessThan(HEADERS_TIMEOUT + 1000);
  });

  it('closes idle keep-alive connections at once on close()', async () => {
    const binding = await bind({ host: '127.0.0.1' });
    serve(create(), binding).on('request', (_req, res: http.ServerResponse) => res.end('ok'));
    const agent = new mod.Agent({ keepAlive: true });
    const { body, socket } = await keepAliveGet(mod, agent, binding.port);
    expect(body).toBe('ok');
    expect(socket.destroyed).toBe(false);
    // With a close timeout of ten minutes, only closing the idle connection lets close() end.
    await binding.close({ timeout: FOREVER });
    await closed(socket);
    agent.destroy();
  });

  it('sends an in-flight answer with Connection: close, then closes', async () => {
    const binding = await bind({ host: '127.0.0.1' });
    const { handler, entered, release } = heldHandler();
    serve(create(), binding).on('request', handler);
    const agent = new mod.Agent({ keepAlive: true });
    const pending = keepAliveGet(mod, agent, binding.port);
    await entered;
    const closing = binding.close({ timeout: FOREVER });
    release();
    const { body, headers, socket } = await pending;
    expect(headers.connection).toBe('close');
    expect(body).toBe('late');
    await closing;
    await closed(socket);
    agent.destroy();
  });

  it('closes the connection of an answer whose headers were out before close()', async () => {
    const binding = await bind({ host: '127.0.0.1' });
    const held = signal();
    const headersOut = signal();
    serve(create(), binding).on('request', (_req, res: http.ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      // Headers and a first chunk go out, saying keep-alive, before close() is called.
      res.write('early ', () => headersOut.fire());
      void held.promise.then(() => res.end('late'));
    });
    const agent = new mod.Agent({ keepAlive: true });
    const pending = keepAliveGet(mod, agent, binding.port);
    await headersOut.promise;
    const closing = binding.close({ timeout: FOREVER });
    held.fire();
    const { body, socket } = await pending;
    expect(body).toBe('early late');
    await closing;
    await closed(socket);
    agent.destroy();
  });

  it('closes at once with undici keep-alive connections open', async () => {
    const binding = await bind({ host: '127.0.0.1' });
    serve(create(), binding).on('request', (_req, res: http.ServerResponse) => res.end('ok'));
    const client = new Client(`${secure ? 'https' : 'http'}://localhost:${binding.port}`, {
      connect: { ca, host: '127.0.0.1', servername: 'localhost' },
    });
    const res = await client.request({ path: '/', method: 'GET' });
    expect(await res.body.text()).toBe('ok');
    await binding.close({ timeout: FOREVER });
    await client.close();
  });
});

describe('serve() with an HTTP/2 server', () => {
  const kinds = [
    ['http2.createServer', (): http2.Http2Server => http2.createServer(), 'http'],
    [
      'http2.createSecureServer',
      (): http2.Http2SecureServer => http2.createSecureServer({ key, cert }),
      'https',
    ],
  ] as const;

  /** One GET on `session`: status, body. */
  function h2get(session: http2.ClientHttp2Session): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const stream = session.request({ ':path': '/' });
      let status = 0;
      let body = '';
      stream.on('response', (headers) => (status = Number(headers[':status'])));
      stream.setEncoding('utf8');
      stream.on('data', (d: string) => (body += d));
      stream.on('end', () => resolve({ status, body }));
      stream.on('error', reject);
    });
  }

  function sessionClosed(session: http2.ClientHttp2Session): Promise<void> {
    return new Promise((resolve) => {
      if (session.closed || session.destroyed) resolve();
      else session.once('close', () => resolve());
    });
  }

  it.each(kinds)('%s answers on every address', async (_name, create, scheme) => {
    await using binding = await bind();
    const server = serve(create(), binding);
    server.on('request', (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) =>
      res.end(req.socket.localAddress ?? ''),
    );
    for (const { address } of binding.addresses) {
      const host = address.includes(':') ? `[${address}]` : address;
      const session = http2.connect(`${scheme}://${host}:${binding.port}`, {
        ca,
        servername: 'localhost',
      });
      expect(await h2get(session)).toEqual({ status: 200, body: address });
      session.close();
    }
  });

  it.each(kinds)('%s sends GOAWAY to idle sessions on close()', async (_name, create, scheme) => {
    const binding = await bind({ host: '127.0.0.1' });
    serve(create(), binding).on('request', (_req, res: http2.Http2ServerResponse) => res.end('ok'));
    const session = http2.connect(`${scheme}://127.0.0.1:${binding.port}`, {
      ca,
      servername: 'localhost',
    });
    session.on('error', () => undefined);
    expect((await h2get(session)).body).toBe('ok');
    const goaway = new Promise<void>((resolve) => session.once('goaway', () => resolve()));
    await binding.close({ timeout: FOREVER });
    await goaway;
    await sessionClosed(session);
  });

  it.each(kinds)(
    '%s lets an in-flight stream finish after GOAWAY, then closes',
    async (_name, create, scheme) => {
      const binding = await bind({ host: '127.0.0.1' });
      const { handler, entered, release } = heldHandler();
      serve(create(), binding).on('request', handler);
      const session = http2.connect(`${scheme}://127.0.0.1:${binding.port}`, {
        ca,
        servername: 'localhost',
      });
      session.on('error', () => undefined);
      const goaway = new Promise<void>((resolve) => session.once('goaway', () => resolve()));
      const pending = h2get(session);
      await entered;
      const closing = binding.close({ timeout: FOREVER });
      await goaway;
      release();
      expect(await pending).toEqual({ status: 200, body: 'late' });
      await closing;
      await sessionClosed(session);
    },
  );

  it.each(kinds)(
    '%s applies its own session timeout (server.setTimeout)',
    async (_name, create, scheme) => {
      await using binding = await bind({ host: '127.0.0.1' });
      const server = serve(create(), binding);
      server.setTimeout(200);
      const session = http2.connect(`${scheme}://127.0.0.1:${binding.port}`, {
        ca,
        servername: 'localhost',
      });
      session.on('error', () => undefined);
      // Nothing sent: the server ends the idle session itself.
      await sessionClosed(session);
    },
  );

  it('createSecureServer with allowHTTP1 answers slow HTTP/1 headers with 408', async () => {
    await using binding = await bind({ host: '127.0.0.1' });
    const server = http2.createSecureServer({ key, cert, allowHTTP1: true });
    // Node sets these on the instance for allowHTTP1; they are read when the checks start.
    Object.assign(server, slowClientOptions);
    serve(server, binding);
    const socket = tlsConnect(binding.port);
    await secureConnected(socket);
    const { text, ms } = await slowHeaders(socket);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeLessThan(HEADERS_TIMEOUT + 1000);
  });
});

describe('serve() with a tls.Server', () => {
  it('answers on every address, with its own handshake timeout', async () => {
    await using binding = await bind();
    const server = serve(
      tls.createServer({ key, cert, handshakeTimeout: 200 }, (socket) => socket.end('tls')),
      binding,
    );
    const clientErrors: string[] = [];
    // With a listener, ending the socket is the listener's job (tls.Server's 'tlsClientError').
    server.on('tlsClientError', (err: NodeJS.ErrnoException, socket: tls.TLSSocket) => {
      clientErrors.push(err.code ?? '');
      socket.destroy();
    });
    for (const { address } of binding.addresses) {
      const socket = tlsConnect(binding.port, address, []);
      expect(await readAll(socket)).toBe('tls');
    }
    // A client that never starts its handshake is dropped after handshakeTimeout.
    const silent = net.connect({ host: '127.0.0.1', port: binding.port });
    await readAll(silent);
    expect(clientErrors).toContain('ERR_TLS_HANDSHAKE_TIMEOUT');
  });

  it('close() waits for open connections up to its timeout, then destroys them', async () => {
    const binding = await bind({ host: '127.0.0.1' });
    serve(
      tls.createServer({ key, cert }, () => undefined),
      binding,
    );
    const socket = tlsConnect(binding.port, '127.0.0.1', []);
    await secureConnected(socket);
    const ended = readAll(socket);
    await binding.close({ timeout: 50 });
    await ended;
  });
});

describe('serve() with a net.Server', () => {
  it('applies its allowHalfOpen: the answer goes out after the client has finished', async () => {
    await using binding = await bind({ host: '127.0.0.1' });
    serve(
      net.createServer({ allowHalfOpen: true }, (socket) => {
        socket.resume();
        // After the end of the client's stream has been read, when a socket that is not
        // half-open has already ended its own side.
        socket.on('end', () => setImmediate(() => socket.end('after your end')));
      }),
      binding,
    );
    const socket = net.connect({ host: '127.0.0.1', port: binding.port }, () => socket.end());
    expect(await readAll(socket)).toBe('after your end');
  });

  it('applies its maxConnections', async () => {
    await using binding = await bind({ host: '127.0.0.1' });
    const server = net.createServer(() => undefined);
    server.maxConnections = 1;
    serve(server, binding);
    const first = net.connect({ host: '127.0.0.1', port: binding.port });
    await new Promise((resolve) => server.once('connection', resolve));
    const second = net.connect({ host: '127.0.0.1', port: binding.port });
    await readAll(second);
    expect(first.destroyed).toBe(false);
    first.destroy();
  });

  it('close() with no connection returns at once, and the server emits close', async () => {
    const binding = await bind({ host: '127.0.0.1' });
    const server = serve(net.createServer(), binding);
    const serverClosed = new Promise((resolve) => server.once('close', resolve));
    await binding.close({ timeout: FOREVER });
    await serverClosed;
  });
});

describe('serve() with curl', () => {
  const curl = (args: string[]): Promise<string | undefined> =>
    new Promise((resolve) => {
      execFile('curl', args, (err, stdout) => resolve(err ? undefined : stdout));
    });

  it('an https answer in flight at close() carries Connection: close', async (ctx) => {
    if ((await curl(['--version'])) === undefined) ctx.skip('curl is not installed');
    const binding: Binding = await bind({ host: '127.0.0.1' });
    const { handler, entered, release } = heldHandler();
    const caFile = new URL('./fixtures/tls/cert.pem', import.meta.url).pathname;
    serve(https.createServer({ key, cert }, handler), binding);
    const out = curl([
      '-sS',
      '-i',
      '--cacert',
      caFile,
      '--resolve',
      `localhost:${binding.port}:127.0.0.1`,
      `https://localhost:${binding.port}/`,
    ]);
    await entered;
    const closing = binding.close({ timeout: FOREVER });
    release();
    const text = (await out) ?? '';
    expect(text.toLowerCase()).toContain('connection: close');
    expect(text.endsWith('late')).toBe(true);
    await closing;
  });
});
