// Each client makes the same call twice: with dns.lookup (or the bare injected lookup function) and
// with resolver.lookup over it. Everything the client exposes must match, field by field.
import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { lookup as dnsLookup } from 'node:dns';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, get as httpGet, type IncomingMessage } from 'node:http';
import { createServer as createHttpsServer, get as httpsGet } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolver } from '@sock/resolve';
import { isIP } from 'node:net';
import type { LookupAddress } from 'node:dns';

type Lookup = typeof dnsLookup;

// Two ways to name the server: `localhost` through the system (dns.lookup against the resolver's
// hosts file), and a made-up name through an injected lookup (the bare function against the
// resolver over it).
const injected = { fn: dnsLike({ 'app.test': [{ address: '127.0.0.1', family: 4 }] }) };
const pairs: [host: string, plain: Lookup, mine: Lookup][] = [
  ['localhost', dnsLookup, createResolver().lookup as Lookup],
  ['app.test', injected.fn, createResolver({ lookup: injected.fn }).lookup as Lookup],
];

/** A lookup function that answers as dns.lookup does (literals as given, `all`, `family`). */
function dnsLike(table: Record<string, LookupAddress[]>): Lookup {
  return ((hostname: string, options: unknown, callback?: unknown) => {
    const cb = (typeof options === 'function' ? options : callback) as (...a: unknown[]) => void;
    const o = (typeof options === 'object' && options !== null ? options : {}) as {
      all?: boolean;
      family?: number;
    };
    const family = typeof options === 'number' ? options : (o.family ?? 0);
    const literal = isIP(hostname);
    const found =
      literal !== 0 ? [{ address: hostname, family: literal }] : (table[hostname] ?? []);
    const list = literal !== 0 || family === 0 ? found : found.filter((a) => a.family === family);
    process.nextTick(() => {
      if (list.length === 0) {
        const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
          code: 'ENOTFOUND',
          errno: -3008,
          syscall: 'getaddrinfo',
          hostname,
        });
        cb(err);
      } else if (o.all === true)
        cb(
          null,
          list.map((a) => ({ ...a })),
        );
      else cb(null, list[0]!.address, list[0]!.family);
    });
  }) as unknown as Lookup;
}

/** What a socket's 'lookup' event said. */
function lookupEvents(socket: Socket, events: unknown[][] = []): unknown[][] {
  socket.on('lookup', (err: Error | null, address: string, family: number, host: string) =>
    events.push([err?.message ?? null, address, family, host]),
  );
  return events;
}

function body(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => resolve(text));
  });
}

let http: ReturnType<typeof createHttpServer>;
let httpPort: number;
beforeAll(async () => {
  http = createHttpServer((req, res) => res.end(`${req.socket.remoteAddress} ${req.url}`));
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  httpPort = (http.address() as AddressInfo).port;
});
afterAll(() => http.close());

describe.each(pairs)('clients with %s', (host, plain, mine) => {
  it('http.get with lookup', async () => {
    const observe = async (lookup: Lookup): Promise<unknown> => {
      const events: unknown[][] = [];
      // The socket is made here so that its 'lookup' event is heard from the start.
      const createConnection = (options: object): Socket => {
        const socket = connect(options as never);
        lookupEvents(socket, events);
        return socket;
      };
      const req = httpGet({ host, port: httpPort, path: '/x', lookup, createConnection });
      const [res] = (await once(req, 'response')) as [IncomingMessage];
      const { remoteAddress, remoteFamily, remotePort } = res.socket;
      return {
        status: res.statusCode,
        body: await body(res),
        remoteAddress,
        remoteFamily,
        remotePort,
        events,
      };
    };
    const expected = (await observe(plain)) as { events: unknown[] };
    expect(expected.events).toHaveLength(1);
    expect(await observe(mine)).toEqual(expected);
  });

  it('net.connect with and without autoSelectFamily', async () => {
    for (const autoSelectFamily of [true, false]) {
      const observe = async (lookup: Lookup): Promise<unknown> => {
        const socket = connect({ host, port: httpPort, lookup, autoSelectFamily });
        const events = lookupEvents(socket);
        await once(socket, 'connect');
        const seen = {
          remoteAddress: socket.remoteAddress,
          remoteFamily: socket.remoteFamily,
          attempted: socket.autoSelectFamilyAttemptedAddresses,
          events,
        };
        socket.destroy();
        return seen;
      };
      expect(await observe(mine)).toEqual(await observe(plain));
    }
  });

  it('net.connect to a name that does not resolve', async () => {
    const observe = async (lookup: Lookup): Promise<unknown> => {
      const socket = connect({
        host: 'nowhere.invalid',
        port: httpPort,
        lookup: wrapMissing(lookup),
      });
      const [err] = (await once(socket, 'error').catch((e: unknown) => [e])) as [
        NodeJS.ErrnoException & { hostname?: string },
      ];
      return {
        code: err.code,
        errno: err.errno,
        syscall: err.syscall,
        hostname: err.hostname,
        message: err.message,
      };
    };
    expect(await observe(mine)).toEqual(await observe(plain));
  });

  it("undici's Agent({ connect: { lookup } }), and fetch through it", async () => {
    const observe = async (lookup: Lookup): Promise<unknown> => {
      const agent = new Agent({ connect: { lookup } });
      try {
        const res = await request(`http://${host}:${httpPort}/u`, { dispatcher: agent });
        const viaRequest = { status: res.statusCode, body: await res.body.text() };
        const fetched = await undiciFetch(`http://${host}:${httpPort}/f`, { dispatcher: agent });
        return { viaRequest, fetch: { status: fetched.status, body: await fetched.text() } };
      } finally {
        await agent.close();
      }
    };
    expect(await observe(mine)).toEqual(await observe(plain));
  });

  it('global fetch through an undici Agent with the lookup', async () => {
    const observe = async (lookup: Lookup): Promise<unknown> => {
      const agent = new Agent({ connect: { lookup } });
      try {
        const res = await fetch(`http://${host}:${httpPort}/g`, {
          dispatcher: agent,
        } as unknown as RequestInit);
        return { status: res.status, body: await res.text() };
      } finally {
        await agent.close();
      }
    };
    expect(await observe(mine)).toEqual(await observe(plain));
  });

  it('dgram with lookup', async () => {
    const observe = async (lookup: Lookup): Promise<unknown> => {
      const server = createSocket('udp4');
      server.bind(0, '127.0.0.1');
      await once(server, 'listening');
      const client = createSocket({ type: 'udp4', lookup });
      try {
        const got = once(server, 'message');
        client.send('ping', server.address().port, host);
        const [message, rinfo] = (await got) as [Buffer, { address: string; family: string }];
        return { message: message.toString(), address: rinfo.address, family: rinfo.family };
      } finally {
        client.close();
        server.close();
      }
    };
    expect(await observe(mine)).toEqual(await observe(plain));
  });
});

// Names that do not exist go to an injected lookup for both sides: only localhost and literals
// may reach the system resolver.
function wrapMissing(lookup: Lookup): Lookup {
  if (lookup === dnsLookup) {
    return dnsLike({});
  }
  if (lookup === undefined) {
    return ((hostname: string, _options: unknown, callback: (err: Error) => void) => {
      process.nextTick(
        callback,
        Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
          code: 'ENOTFOUND',
          errno: -3008,
          syscall: 'getaddrinfo',
          hostname,
        }),
      );
    }) as unknown as Lookup;
  }
  return lookup;
}

describe('https.get with lookup', () => {
  let dir: string | undefined;
  let key: Buffer | undefined;
  let cert: Buffer | undefined;
  try {
    dir = mkdtempSync(join(tmpdir(), 'sock-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    key = readFileSync(join(dir, 'key.pem'));
    cert = readFileSync(join(dir, 'cert.pem'));
  } catch {
    // No openssl: the case is skipped below.
  } finally {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }

  it.skipIf(key === undefined)(
    'answers the same through dns.lookup and resolver.lookup',
    async () => {
      const server = createHttpsServer({ key, cert }, (req, res) =>
        res.end(`${req.socket.remoteAddress} ${req.url}`),
      );
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const port = (server.address() as AddressInfo).port;
      try {
        for (const [host, plain, mine] of pairs) {
          const observe = async (lookup: Lookup): Promise<unknown> => {
            const events: unknown[][] = [];
            const createConnection = (options: ConnectionOptions): Socket => {
              const socket = tlsConnect(options);
              lookupEvents(socket, events);
              return socket;
            };
            const req = httpsGet({
              host,
              port,
              path: '/s',
              lookup,
              ca: cert,
              servername: 'localhost',
              createConnection,
            } as never);
            const [res] = (await once(req, 'response')) as [IncomingMessage];
            const { remoteAddress, remoteFamily } = res.socket;
            return {
              status: res.statusCode,
              body: await body(res),
              remoteAddress,
              remoteFamily,
              events,
            };
          };
          expect(await observe(mine)).toEqual(await observe(plain));
        }
      } finally {
        server.close();
      }
    },
  );
});
