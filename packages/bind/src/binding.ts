import type * as dgram from 'node:dgram';
import type * as http from 'node:http';
import type * as net from 'node:net';
import { SockError } from '@sock/errors';
import {
  brandClass,
  hasBrand,
  invalidOption,
  validateKnownKeys,
  validateOptionsObject,
} from '@sock/errors/unstable-do-not-import';
import type { AddrInfo } from '@sock/resolve';
import type { BindAttempt, BoundAddress } from './types.js';
import { closeHandle } from './internal/listen.js';
import { ServedServer } from './served-server.js';
import { serverFor, type Servable } from './server-for.js';

/** Options of {@link Binding.close}. */
export interface CloseOptions {
  /** Milliseconds open connections get to finish before they are destroyed (default 5000). */
  readonly timeout?: number;
}

/** What every {@link Binding} has, whatever its protocol; `await using` closes it. */
export interface BindingBase extends AsyncDisposable {
  /** Every address listened on, all on the same port (none for a Unix socket). */
  readonly addresses: readonly BoundAddress[];
  /** The port shared by every address (0 for a Unix socket). */
  readonly port: number;
  /** What the resolver gave, in order. */
  readonly candidates: readonly AddrInfo[];
  /** Every candidate tried and what became of it. */
  readonly attempts: readonly BindAttempt[];
  /** True once close() was called. */
  readonly closed: boolean;
  /**
   * Stops accepting, lets open connections finish until `timeout`, then destroys them; every
   * call returns the same promise.
   */
  close(options?: CloseOptions): Promise<void>;
}

/** A Binding whose listeners take connections: serve() hands them to a server. */
export interface ServableBinding extends BindingBase {
  /** One listening server per address (one for a Unix socket). */
  readonly servers: readonly net.Server[];
  /** Hands every connection to `server` (see serve()) and returns it. */
  serve<S extends net.Server>(server: S): S;
  /** Creates an http.Server for `handler` that receives every connection (see serve()). */
  serve(handler: http.RequestListener): http.Server;
}

/** TCP listeners on IP addresses: what `bind()` and `bind({ protocol: 'tcp' })` give. */
export interface TcpBinding extends ServableBinding {
  /** TCP on IP addresses. */
  readonly protocol: 'tcp';
  /** Never set: the listeners are on IP addresses. */
  readonly path?: undefined;
}

/** Bound UDP sockets, one per address: what `bind({ protocol: 'udp' })` gives. */
export interface UdpBinding extends BindingBase {
  /** UDP on IP addresses. */
  readonly protocol: 'udp';
  /** Never set: the sockets are on IP addresses. */
  readonly path?: undefined;
  /** One bound socket per address; their 'message' events carry the datagrams. */
  readonly sockets: readonly dgram.Socket[];
}

/** A Unix domain socket or Windows named pipe: what `bind({ path })` gives. */
export interface UnixBinding extends ServableBinding {
  /** A Unix domain socket or Windows named pipe. */
  readonly protocol: 'unix';
  /** The socket file, abstract name (`'\0name'`) or pipe name. */
  readonly path: string;
}

/**
 * The sockets {@link bind} opened, and how to close them; `await using` closes them too. Narrow
 * on `protocol`: TCP and Unix bindings have `servers`, a UDP binding has `sockets`.
 */
export type Binding = TcpBinding | UdpBinding | UnixBinding;

/** What a Binding is made of. */
export interface BindingInit {
  /** TCP, UDP or a Unix socket. */
  readonly protocol: Binding['protocol'];
  /** The socket file or pipe name of a Unix binding. */
  readonly path?: string;
  /** Every address listened on. */
  readonly addresses: readonly BoundAddress[];
  /** TCP and Unix: the listening servers. */
  readonly servers: readonly net.Server[];
  /** UDP: the bound sockets. */
  readonly sockets: readonly dgram.Socket[];
  /** What the resolver gave. */
  readonly candidates: readonly AddrInfo[];
  /** Runs once the listeners are closed (bind({ path }) removes its socket file there). */
  readonly afterClose?: () => Promise<void>;
  /** The attempts, or a function giving them on first read (their SockErrors are built then). */
  readonly attempts: readonly BindAttempt[] | (() => readonly BindAttempt[]);
}

const DEFAULT_CLOSE_TIMEOUT = 5000;
const CLOSE_OPTIONS = ['timeout'] as const;

/** The `timeout` of close()'s options, checked, or the default. */
function closeTimeout(options: unknown): number {
  const o = validateOptionsObject(options, 'options');
  if (o === undefined) return DEFAULT_CLOSE_TIMEOUT;
  validateKnownKeys(o, CLOSE_OPTIONS, 'close()');
  const t = o['timeout'];
  if (t === undefined) return DEFAULT_CLOSE_TIMEOUT;
  if (typeof t !== 'number' || Number.isNaN(t) || t < 0) {
    throw invalidOption(
      'timeout',
      'a number of milliseconds, 0 or more (Infinity waits for every connection)',
      t,
    );
  }
  return t;
}

// In the global symbol registry, so that a Binding made by another copy of this package (two
// versions installed, or the ESM and CJS builds side by side) is still recognised.
const brand: unique symbol = Symbol.for('@sock/bind.Binding') as never;

/**
 * True for a Binding from any copy of `@sock/bind` (another version, or the other of the ESM and
 * CommonJS builds).
 * @example if (isBinding(value)) await value.close();
 */
export function isBinding(value: unknown): value is Binding {
  return hasBrand(value, brand);
}

/**
 * The Binding that bind() returns; serve() reaches its connection tracking through it. One class
 * for every protocol: the array a protocol does not use stays empty, and the public types leave it
 * out. Made through {@link createBinding}.
 */
export class BindingImpl implements AsyncDisposable {
  readonly protocol: 'tcp' | 'udp' | 'unix';
  readonly path?: string;
  readonly #afterClose: (() => Promise<void>) | undefined;
  readonly addresses: readonly BoundAddress[];
  readonly port: number;
  readonly servers: readonly net.Server[];
  readonly sockets: readonly dgram.Socket[];
  readonly candidates: readonly AddrInfo[];
  #attempts: readonly BindAttempt[] | (() => readonly BindAttempt[]);
  #closing: Promise<void> | undefined;
  // Created with the first connection or response: most bindings close before either.
  #connections: Set<net.Socket> | undefined;
  // The server serve() hands the connections to.
  #served: ServedServer | undefined;
  // The 'connection' listener every server of the binding shares; removed again on close().
  readonly #track: ((socket: net.Socket) => void) | undefined;

  constructor(init: BindingInit) {
    this.protocol = init.protocol;
    this.addresses = init.addresses;
    this.port = init.addresses[0]?.port ?? 0;
    this.servers = init.servers;
    this.sockets = init.sockets;
    this.candidates = init.candidates;
    if (init.path !== undefined) this.path = init.path;
    this.#afterClose = init.afterClose;
    this.#attempts = init.attempts;
    const servers = this.servers;
    if (servers.length > 0) {
      // One listener shared by every server of the binding.
      const track = (socket: net.Socket): void => {
        const connections = (this.#connections ??= new Set());
        connections.add(socket);
        socket.once('close', () => connections.delete(socket));
      };
      this.#track = track;
      for (const server of servers) server.on('connection', track);
    }
  }

  get attempts(): readonly BindAttempt[] {
    if (typeof this.#attempts === 'function') this.#attempts = this.#attempts();
    return this.#attempts;
  }

  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /** serve() as a method: routes every listener's connections to `app` (see serve()). */
  serve<S extends net.Server>(server: S): S;
  serve(handler: http.RequestListener): http.Server;
  serve(app: Servable): net.Server {
    if (this.protocol === 'udp') {
      throw new SockError({
        code: 'ERR_SOCK_INVALID_ARGUMENT',
        message:
          "serve() takes a TCP Binding; a UDP Binding has no connections. Use `binding.sockets` and their 'message' events.",
      });
    }
    if (this.#closing !== undefined) {
      throw new SockError({
        code: 'ERR_SOCK_CLOSED',
        message: 'serve() was given a Binding that is closed or closing; bind() again.',
      });
    }
    if (this.#served !== undefined) {
      throw new SockError({
        code: 'ERR_SOCK_INVALID_ARGUMENT',
        message:
          'serve() was already called with this Binding; one server receives all its connections.',
      });
    }
    const served = new ServedServer(serverFor(app));
    this.#served = served;
    for (const server of this.servers) server.on('connection', served.forward);
    return served.target;
  }

  close(options?: CloseOptions): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    let timeout: number;
    try {
      timeout = closeTimeout(options);
    } catch (err) {
      // A SockError from the checks, or what a getter on the options threw, goes on unchanged.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      return Promise.reject(err);
    }
    this.#closing = this.#close(timeout);
    return this.#closing;
  }

  #close(timeout: number): Promise<void> {
    const track = this.#track;
    if (track !== undefined) {
      // A closed server accepts nothing more. Its native handle, and so the server, stays alive
      // until libuv's close callback on a later turn of the event loop; while the listener is
      // attached that keeps this whole Binding alive too, and back-to-back binds pile them up
      // for the garbage collector to copy.
      for (const server of this.servers) server.removeListener('connection', track);
    }
    const handles: readonly (net.Server | dgram.Socket)[] =
      this.sockets.length === 0 ? this.servers : [...this.servers, ...this.sockets];
    let closed =
      handles.length === 1 && handles[0] !== undefined
        ? closeHandle(handles[0])
        : Promise.all(handles.map(closeHandle)).then(() => undefined);
    // At once, not after the drain: a closed listener takes no more connections on its path.
    const afterClose = this.#afterClose;
    if (afterClose !== undefined)
      closed = Promise.all([closed, afterClose()]).then(() => undefined);
    // Nothing to drain: no server attached by serve(), no connection open.
    if (this.#served === undefined && (this.#connections?.size ?? 0) === 0) return closed;
    return this.#drain(closed, timeout);
  }

  async #drain(closed: Promise<void>, timeout: number): Promise<void> {
    // Idle connections go now, in-flight answers end theirs, HTTP/2 sessions get GOAWAY.
    this.#served?.drain();
    const connections = this.#connections;
    if (connections !== undefined && connections.size > 0) {
      if (timeout === 0) this.#destroyAll();
      else if (Number.isFinite(timeout)) {
        let timer: NodeJS.Timeout | undefined;
        const expired = new Promise<void>((resolve) => {
          timer = setTimeout(
            () => {
              this.#destroyAll();
              resolve();
            },
            Math.min(timeout, 2_147_483_647),
          );
        });
        await Promise.race([closed, expired]);
        clearTimeout(timer);
      }
    }
    await closed;
  }

  #destroyAll(): void {
    for (const socket of this.#connections ?? []) socket.destroy();
  }

  // Node >= 20.19 (this package's engines) defines Symbol.asyncDispose, which is also the key
  // TypeScript's `await using` looks up, so no Symbol.for() fallback is needed.
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

brandClass(BindingImpl, brand);

/** A Binding of the type its protocol says (the one place the implementation meets the union). */
export function createBinding(init: BindingInit & { readonly protocol: 'tcp' }): TcpBinding;
export function createBinding(init: BindingInit & { readonly protocol: 'udp' }): UdpBinding;
export function createBinding(init: BindingInit & { readonly protocol: 'unix' }): UnixBinding;
export function createBinding(init: BindingInit): Binding;
export function createBinding(init: BindingInit): Binding {
  return new BindingImpl(init) as unknown as Binding;
}
