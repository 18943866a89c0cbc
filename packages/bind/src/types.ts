// Types shared by the public modules and the internal ones. A leaf: it imports nothing of this
// package, so no import cycle can pass through it.
import type { SockError } from '@sock/errors';

/** The step of the classic server start-up at which something failed. */
export type BindStep = 'resolve' | 'socket' | 'bind' | 'listen';

/** One candidate address and port tried by {@link bind}, and what became of it. */
export interface BindAttempt {
  /** The address tried. */
  readonly address: string;
  /** Its family: 4 or 6. */
  readonly family: 4 | 6;
  /** The port tried. */
  readonly port: number;
  /**
   * `bound`: it bound; `failed`: it did not; `skipped`: its family is unusable on this host, so
   * `'all'` went on without it; `released`: it had bound, and was closed because another failed.
   */
  readonly outcome: 'bound' | 'failed' | 'skipped' | 'released';
  /** Where it failed, for a failed attempt. */
  readonly step?: BindStep;
  /** Why it failed or was skipped. */
  readonly error?: SockError;
}

/**
 * A process holding a socket on a port, as found in /proc (Linux) or by netstat and tasklist
 * (Windows).
 */
export interface PortHolder {
  /** The process id. */
  readonly pid: number;
  /**
   * The program: the file name of its executable (`node`, `nginx`), read from `/proc/<pid>/exe`,
   * else from its first argument, else its main thread's name (`/proc/<pid>/comm`); on Windows
   * the image name `tasklist` shows (`node.exe`).
   */
  readonly command: string;
  /** The full command line, arguments joined by spaces; absent for kernel threads. */
  readonly cmdline?: string;
  /** The socket's inode, as in `/proc/<pid>/fd/<n> -> socket:[inode]`; 0 on Windows (none there). */
  readonly inode: number;
  /** The address the socket is bound to (`0.0.0.0`, `::`, `127.0.0.1`...). */
  readonly address: string;
  /** The port the socket is bound to. */
  readonly port: number;
  /** `'unix'`: a Unix socket of bind({ path }); `address` is its path, `port` 0. */
  readonly protocol: 'tcp' | 'udp' | 'unix';
}

/** One address a Binding listens on. */
export interface BoundAddress {
  /** The address family: 4 or 6. */
  readonly family: 4 | 6;
  /** The address listened on (`::1`, `127.0.0.1`, `::`). */
  readonly address: string;
  /** The port, the same for every address of a Binding. */
  readonly port: number;
}
