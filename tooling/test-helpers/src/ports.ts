// Ports held and released by the test itself, on loopback only: a test never picks a fixed port.
import * as dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import * as net from 'node:net';

/** How occupyPort() holds its port. */
export interface OccupyOptions {
  /** The port to hold; 0 (the default) lets the system pick a free one. */
  readonly port?: number;
  /** `'tcp'` (a listening server, the default) or `'udp'` (a bound datagram socket). */
  readonly protocol?: 'tcp' | 'udp';
  /** The loopback address to use when no host is given: 4 is 127.0.0.1 (default), 6 is ::1. */
  readonly family?: 4 | 6;
  /** Passed to listen()/bind(): an IPv6 socket that does not also take IPv4. */
  readonly ipv6Only?: boolean;
  /** Passed to listen(): not shared with cluster workers. */
  readonly exclusive?: boolean;
}

/** A port held by a socket of the test's own; `await using` (or close()) releases it. */
export interface PortHolder extends AsyncDisposable {
  readonly host: string;
  readonly port: number;
  readonly family: 4 | 6;
  readonly protocol: 'tcp' | 'udp';
  /** The listening server (TCP). */
  readonly server: net.Server | undefined;
  /** The bound socket (UDP). */
  readonly socket: dgram.Socket | undefined;
  /** Releases the port; idempotent. */
  close(): Promise<void>;
}

const loopback = (family: 4 | 6): string => (family === 6 ? '::1' : '127.0.0.1');

function holder(
  host: string,
  port: number,
  protocol: 'tcp' | 'udp',
  server: net.Server | undefined,
  socket: dgram.Socket | undefined,
  closeOnce: () => Promise<void>,
): PortHolder {
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= closeOnce());
  return {
    host,
    port,
    family: net.isIPv6(host) ? 6 : 4,
    protocol,
    server,
    socket,
    close,
    [Symbol.asyncDispose]: close,
  };
}

async function holdTcp(host: string, options: OccupyOptions): Promise<PortHolder> {
  // Connections to the held port are refused politely, so a probe never hangs.
  const server = net.createServer((connection) => connection.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(
      {
        host,
        port: options.port ?? 0,
        ...(options.ipv6Only === undefined ? {} : { ipv6Only: options.ipv6Only }),
        ...(options.exclusive === undefined ? {} : { exclusive: options.exclusive }),
      },
      () => {
        server.off('error', reject);
        resolve();
      },
    );
  });
  const { port } = server.address() as net.AddressInfo;
  return holder(
    host,
    port,
    'tcp',
    server,
    undefined,
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  );
}

async function holdUdp(host: string, options: OccupyOptions): Promise<PortHolder> {
  const socket = dgram.createSocket({
    type: net.isIPv6(host) ? 'udp6' : 'udp4',
    ...(options.ipv6Only === undefined ? {} : { ipv6Only: options.ipv6Only }),
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', (error) => {
      socket.close();
      reject(error);
    });
    socket.bind({ address: host, port: options.port ?? 0 }, () => {
      socket.removeAllListeners('error');
      resolve();
    });
  });
  const { port } = socket.address();
  return holder(
    host,
    port,
    'udp',
    undefined,
    socket,
    () =>
      new Promise<void>((resolve) => {
        socket.close(() => resolve());
      }),
  );
}

/**
 * Holds a port on `host` (by default 127.0.0.1, or ::1 with `family: 6`): a TCP server, or a UDP
 * socket with `{ protocol: 'udp' }`. A number as second argument is the family.
 * @example await using held = await occupyPort(); // held.port is taken until the scope ends
 */
export function occupyPort(
  host?: string,
  options: OccupyOptions | 4 | 6 = {},
): Promise<PortHolder> {
  const opts: OccupyOptions = typeof options === 'number' ? { family: options } : options;
  const where = host ?? loopback(opts.family ?? 4);
  return opts.protocol === 'udp' ? holdUdp(where, opts) : holdTcp(where, opts);
}

/** A random port from which `count` ports fit below the kernel's ephemeral range. */
function belowEphemeral(count: number): number {
  let low = 32768;
  try {
    low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0]);
  } catch {
    // not Linux: IANA's dynamic range starts at 49152, Linux's default at 32768; 32768 is safe
  }
  const from = Math.max(1024, low - 16384);
  return from + Math.floor(Math.random() * Math.max(1, low - count - from));
}

/** Several held ports, released together. */
export type PortRun = PortHolder[] & AsyncDisposable;

/**
 * Holds one TCP port on every host of `hosts`: the first picks it (or takes `options.port`), the
 * others take the same number; one holder releases them all.
 */
async function occupyOnAll(hosts: readonly string[], options: OccupyOptions): Promise<PortHolder> {
  const first = await occupyPort(hosts[0], options);
  const others: PortHolder[] = [];
  try {
    for (const host of hosts.slice(1)) others.push(await occupyPort(host, { port: first.port }));
  } catch (error) {
    await Promise.all([first, ...others].map((h) => h.close()));
    throw error;
  }
  if (others.length === 0) return first;
  return holder(first.host, first.port, 'tcp', first.server, undefined, async () => {
    await Promise.all([first, ...others].map((h) => h.close()));
  });
}

/**
 * Holds `count` consecutive TCP ports on `host` (or on each of several hosts, the same numbers on
 * all): finds a free run and holds each port of it.
 * @example await using run = await occupyRun('127.0.0.1', 3); // run[0].port .. run[2].port
 */
export async function occupyRun(host: string | readonly string[], count: number): Promise<PortRun> {
  const hosts = typeof host === 'string' ? [host] : host;
  for (let tries = 0; tries < 50; tries += 1) {
    // Half the tries start below the ephemeral range: there, no connection's client side or
    // TIME_WAIT socket sits on every other port, as it does inside the range under load.
    const start = tries % 2 === 1 ? belowEphemeral(count) : 0;
    const held: PortHolder[] = [];
    try {
      held.push(await occupyOnAll(hosts, start === 0 ? {} : { port: start }));
    } catch {
      continue;
    }
    const first = held[0]!.port;
    let complete = first + count - 1 <= 65535;
    for (let port = first + 1; complete && port < first + count; port += 1) {
      try {
        held.push(await occupyOnAll(hosts, { port }));
      } catch {
        complete = false;
      }
    }
    const closeAll = async (): Promise<void> => {
      await Promise.all(held.map((h) => h.close()));
    };
    if (complete) return Object.assign(held, { [Symbol.asyncDispose]: closeAll });
    await closeAll();
  }
  throw new Error(`no run of ${count} free ports found on ${hosts.join(' and ')}`);
}

/**
 * A port on `host` that was just held and released, so nothing listens on it (for "connection
 * refused" and "the port is free" cases). Another process can take it at any time: use it at once.
 */
export async function closedPort(
  host?: string,
  options: OccupyOptions | 4 | 6 = {},
): Promise<number> {
  await using held = await occupyPort(host, options);
  return held.port;
}

/** What listen() on `host`:`port` fails with; the server is closed either way. */
export function listenError(port: number, host: string): Promise<NodeJS.ErrnoException> {
  const server = net.createServer();
  return new Promise((resolve, reject) => {
    server.once('error', (error) => server.close(() => resolve(error)));
    server.listen(port, host, () => server.close(() => reject(new Error('listen succeeded'))));
  });
}

/** What a connection fails with; the socket is destroyed either way. */
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
