import * as dgram from 'node:dgram';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { isSockError, toSockError, type SockError } from '@sock/errors';
import type { BindStep } from '../types.js';

/** One socket to open. */
export interface OpenRequest {
  readonly protocol: 'tcp' | 'udp';
  /** An IP literal, with `%zone` for scoped IPv6. */
  readonly address: string;
  readonly family: 4 | 6;
  readonly port: number;
  readonly backlog: number | undefined;
  readonly ipv6Only: boolean | undefined;
  readonly exclusive: boolean | undefined;
  readonly reuseAddr: boolean | undefined;
  readonly reusePort: boolean;
}

/** A listening server or bound UDP socket, or why there is none (nothing left open then). */
export type OpenResult =
  | { readonly ok: true; readonly handle: net.Server | dgram.Socket; readonly port: number }
  | OpenFailure;

// Codes that come from creating the socket rather than binding it.
const SOCKET_CODES: ReadonlySet<string> = new Set([
  'EAFNOSUPPORT',
  'EPROTONOSUPPORT',
  'ESOCKTNOSUPPORT',
  'EMFILE',
  'ENFILE',
  'ENOBUFS',
  'ENOMEM',
]);
// libuv folds socket(), bind() and listen() into one call for TCP and defers bind's EADDRINUSE to
// listen(), so Node labels all of them `listen`; these codes can only come from bind() though.
const BIND_CODES: ReadonlySet<string> = new Set(['EADDRINUSE', 'EADDRNOTAVAIL', 'EACCES', 'EPERM']);

/** The start-up step an error of opening a socket belongs to. */
function stepOf(error: { code?: unknown; syscall?: unknown }): BindStep {
  const code = typeof error.code === 'string' ? error.code : '';
  if (SOCKET_CODES.has(code)) return 'socket';
  if (BIND_CODES.has(code) || error.syscall === 'bind') return 'bind';
  return 'listen';
}

// Codes whose Node error toSockError() leaves as they are: for these the code is read off the
// raw error, and the conversion waits until someone reads the SockError.
const PLAIN_CODES: ReadonlySet<string> = new Set([
  'EADDRINUSE',
  'EACCES',
  'EADDRNOTAVAIL',
  'EAFNOSUPPORT',
  'EPERM',
]);

/**
 * Why a socket did not open. Building a SockError (stack capture, table lookups) costs about as
 * much as the failed listen itself, and a range scan fails hundreds of times before it binds, so
 * the Node error is kept and converted on first read of `error`, once.
 */
export class OpenFailure {
  readonly ok = false as const;
  /** The SockError's code, known without building it. */
  readonly code: string;
  readonly step: BindStep;
  #raw: unknown;
  readonly #address: string | undefined;
  readonly #port: number | undefined;
  #error: SockError | undefined;

  constructor(raw: unknown, step: BindStep, address?: string, port?: number) {
    this.step = step;
    this.#raw = raw;
    this.#address = address;
    this.#port = port;
    const code = plainCode(raw);
    this.code = code ?? this.error.code;
  }

  /** A failure whose SockError already exists. */
  static of(error: SockError, step: BindStep): OpenFailure {
    return new OpenFailure(error, step);
  }

  /**
   * A plain system error as its parts (the message without the `address:port` Node appends), or
   * undefined for any other failure; reading it does not build the SockError.
   */
  plain(): { errno: number | undefined; syscall: string | undefined; detail: string } | undefined {
    const raw = this.#raw;
    if (this.#error !== undefined || typeof raw !== 'object' || raw === null) return undefined;
    if (plainCode(raw) === undefined) return undefined;
    const { errno, syscall, message } = raw as {
      errno?: unknown;
      syscall?: unknown;
      message?: unknown;
    };
    if (typeof message !== 'string') return undefined;
    // Node ends the message with `address:port` (no brackets for IPv6); the attempt adds it back.
    const suffix = ` ${this.#address ?? ''}:${this.#port ?? ''}`;
    if (!message.endsWith(suffix)) return undefined;
    return {
      errno: typeof errno === 'number' ? errno : undefined,
      syscall: typeof syscall === 'string' ? syscall : undefined,
      detail: message.slice(0, -suffix.length),
    };
  }

  /** The SockError, built on first read and kept. */
  get error(): SockError {
    if (this.#error === undefined) {
      const context: { address?: string; port?: number; syscall?: string } = { syscall: 'bind' };
      if (this.#address !== undefined) context.address = this.#address;
      if (this.#port !== undefined) context.port = this.#port;
      this.#error = toSockError(this.#raw, context);
      this.#raw = undefined;
    }
    return this.#error;
  }
}

function plainCode(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || isSockError(raw)) return undefined;
  try {
    const { code, errors } = raw as { code?: unknown; errors?: unknown };
    // An AggregateError-like value has toSockError() pick one of its inner errors: not plain.
    if (errors !== undefined || typeof code !== 'string' || !PLAIN_CODES.has(code))
      return undefined;
    return code;
  } catch {
    // A getter that throws: toSockError() copes with such values.
    return undefined;
  }
}

const failure = (err: unknown, req: OpenRequest): OpenFailure =>
  new OpenFailure(err, stepOf(err as { code?: unknown; syscall?: unknown }), req.address, req.port);

function openTcp(req: OpenRequest): Promise<OpenResult> {
  return new Promise((resolve) => {
    const server = net.createServer();
    // Plain listeners, each removing both: once() would wrap each in another closure.
    const onError = (err: Error): void => {
      server.removeListener('error', onError);
      server.removeListener('listening', onListening);
      // A failed listen has already closed and dropped its handle; nothing is left to close.
      resolve(failure(err, req));
    };
    const onListening = (): void => {
      server.removeListener('error', onError);
      server.removeListener('listening', onListening);
      // address() costs a syscall; only an ephemeral port needs reading back.
      const port = req.port === 0 ? (server.address() as AddressInfo).port : req.port;
      resolve({ ok: true, handle: server, port });
    };
    server.on('error', onError);
    server.on('listening', onListening);
    const options: net.ListenOptions = { host: req.address, port: req.port };
    if (req.backlog !== undefined) options.backlog = req.backlog;
    if (req.ipv6Only !== undefined) options.ipv6Only = req.ipv6Only;
    if (req.exclusive !== undefined) options.exclusive = req.exclusive;
    if (req.reusePort) (options as { reusePort?: boolean }).reusePort = true;
    try {
      server.listen(options);
    } catch (err) {
      server.removeListener('error', onError);
      server.removeListener('listening', onListening);
      resolve(failure(err, req));
    }
  });
}

function openUdp(req: OpenRequest): Promise<OpenResult> {
  return new Promise((resolve) => {
    let socket: dgram.Socket;
    try {
      socket = dgram.createSocket({
        type: req.family === 6 ? 'udp6' : 'udp4',
        ...(req.reuseAddr !== undefined && { reuseAddr: req.reuseAddr }),
        ...(req.ipv6Only !== undefined && { ipv6Only: req.ipv6Only }),
        ...(req.reusePort && ({ reusePort: true } as object)),
      });
    } catch (err) {
      resolve(failure(err, req));
      return;
    }
    const onError = (err: Error): void => {
      socket.off('listening', onListening);
      // Unlike a TCP server, a UDP socket keeps its handle after a failed bind: close it first.
      socket.close(() => resolve(failure(err, req)));
    };
    const onListening = (): void => {
      socket.off('error', onError);
      resolve({ ok: true, handle: socket, port: socket.address().port });
    };
    socket.once('error', onError);
    socket.once('listening', onListening);
    try {
      socket.bind({
        address: req.address,
        port: req.port,
        ...(req.exclusive !== undefined && { exclusive: req.exclusive }),
      });
    } catch (err) {
      socket.off('error', onError);
      socket.off('listening', onListening);
      socket.close(() => resolve(failure(err, req)));
    }
  });
}

/**
 * Listens on a Unix socket path or an inherited descriptor (systemd's) with the backlog and
 * exclusive given; settles once, rejecting with what listen() emitted.
 */
export function listenServer(
  where: { readonly path: string } | { readonly fd: number },
  opts: { readonly backlog: number | undefined; readonly exclusive: boolean | undefined },
): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    const onError = (err: Error): void => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve(server);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({
      ...where,
      ...(opts.backlog !== undefined && { backlog: opts.backlog }),
      ...(opts.exclusive !== undefined && { exclusive: opts.exclusive }),
    });
  });
}

/** Opens one listening TCP server or bound UDP socket; settles once, never rejects. */
export function openListener(req: OpenRequest): Promise<OpenResult> {
  return req.protocol === 'tcp' ? openTcp(req) : openUdp(req);
}

/** Closes a server or socket and waits until its handle is gone. */
export function closeHandle(handle: net.Server | dgram.Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      handle.close(() => resolve());
    } catch {
      // Already closed (dgram throws ERR_SOCKET_DGRAM_NOT_RUNNING): nothing to wait for.
      resolve();
    }
  });
}
