import type { LookupFunction, Resolver } from '@sock/resolve';
import type { BindAttempt } from './types.js';

/**
 * Which port(s) to bind: a number (0 = ephemeral), a numeric string or service name (`'http'`), a
 * range (`'8000-8010'` or `{ from, to }`), or a list of any of these, tried in order.
 */
export type PortSpec =
  number | string | readonly (number | string)[] | { readonly from: number; readonly to: number };

/** Options of {@link bind}; every key is checked, and an unknown key is an error. */
export interface BindOptions {
  /**
   * Default: the loopback addresses (`::1` and `127.0.0.1`, what `localhost` means). `'*'` binds
   * the wildcards of both families (`::` with ipv6Only, and `0.0.0.0`); `'::'` and `'0.0.0.0'`
   * are single wildcards.
   */
  readonly host?: string | null;
  /** Default 0 (ephemeral). A list or range falls back on EADDRINUSE and EACCES. */
  readonly port?: PortSpec;
  /**
   * Ports never to bind, even when the kernel hands one out for port 0; `'browser-unsafe'` for
   * the ports browsers refuse ({@link browserUnsafePorts}).
   */
  readonly exclude?: readonly number[] | 'browser-unsafe';
  /** `'tcp'` (default) gives `net.Server`s, `'udp'` gives `dgram.Socket`s. */
  readonly protocol?: 'tcp' | 'udp';
  /** `'all'` (default): every address, all or nothing, one port. `'first'`: the first that binds. */
  readonly strategy?: 'all' | 'first';
  /** Restrict to one address family; 0 (default) takes both. */
  readonly family?: 0 | 4 | 6;
  /** TCP only: the listen backlog. */
  readonly backlog?: number;
  /** IPv6 addresses only: disable dual-stack (IPV6_V6ONLY). */
  readonly ipv6Only?: boolean;
  /** Do not share the handle with cluster workers (Node's `exclusive`). */
  readonly exclusive?: boolean;
  /** UDP only: SO_REUSEADDR. */
  readonly reuseAddr?: boolean;
  /** SO_REUSEPORT; an ERR_SOCK_UNSUPPORTED SockError where Node or the platform lacks it. */
  readonly reusePort?: boolean;
  /** Aborting closes whatever was opened and rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
  /** Milliseconds for the whole bind; past it, everything is closed and bind rejects (ETIMEDOUT). */
  readonly timeout?: number;
  /** Resolver used for the host (its cache, coalescing and threadpool cap). */
  readonly resolver?: Resolver;
  /** A lookup function in Node's callback shape, used instead of the system's. */
  readonly lookup?: LookupFunction;
  /** Adopt the sockets passed by systemd socket activation (LISTEN_FDS) instead of binding. */
  readonly systemd?: boolean;
  /**
   * Adopt the sockets a predecessor process hands over with handOver() (this process was started
   * by it, with an IPC channel); takes only `signal` and `timeout` besides. Then announceReady().
   */
  readonly inherit?: boolean;
  /** Called for each attempt; if it throws, everything opened is closed and bind rejects. */
  readonly onAttempt?: (attempt: BindAttempt) => void;
  /**
   * A Unix domain socket file, a Linux abstract name (`'\0name'`) or a Windows named pipe
   * (`'\\.\pipe\name'`) instead of an IP address: the Binding's protocol is `'unix'`. A stale
   * socket file (nobody answers on it) is replaced. Takes `mode`, `owner`, `group`, `backlog`,
   * `exclusive`, `signal` and `timeout`; every other option is an error with it.
   */
  readonly path?: string;
  /** With `path`: the socket file's permission bits (`0o660` or `'660'`), set before anyone can connect. */
  readonly mode?: number | string;
  /** With `path`: the socket file's owner, a user name or uid (needs the privilege to chown). */
  readonly owner?: string | number;
  /** With `path`: the socket file's group, a group name or gid. */
  readonly group?: string | number;
}
