// Types shared by the public modules and the internal ones. A leaf: it imports nothing of this
// package, so no import cycle can pass through it.
import type { SockError } from '@sock/errors';

/** The step of the classic server start-up at which something failed. */
export type BindStep = 'resolve' | 'socket' | 'bind' | 'listen';

/** What every {@link BindAttempt} says: the address and port tried. */
export interface BindAttemptTarget {
  /** The address tried. */
  readonly address: string;
  /** Its family: 4 or 6. */
  readonly family: 4 | 6;
  /** The port tried. */
  readonly port: number;
}

/**
 * An attempt that bound (`bound`), or that had bound and was closed because another address of
 * the same call failed (`released`): no step, no error.
 */
export interface BoundAttempt extends BindAttemptTarget {
  /** `bound`: it bound; `released`: it had bound, and was closed because another failed. */
  readonly outcome: 'bound' | 'released';
  /** Never set: nothing failed. */
  readonly step?: undefined;
  /** Never set: nothing failed. */
  readonly error?: undefined;
}

/** An attempt that failed, with the step it failed at and why. */
export interface FailedAttempt extends BindAttemptTarget {
  /** It did not bind. */
  readonly outcome: 'failed';
  /** Where it failed. */
  readonly step: BindStep;
  /** Why it failed. */
  readonly error: SockError;
}

/**
 * An attempt left out because its family is unusable on this host, so `'all'` went on without
 * it; the error says why.
 */
export interface SkippedAttempt extends BindAttemptTarget {
  /** Its family is unusable on this host. */
  readonly outcome: 'skipped';
  /** The step at which the family showed itself unusable. */
  readonly step?: BindStep;
  /** Why it was skipped. */
  readonly error: SockError;
}

/**
 * One candidate address and port tried by {@link bind}, and what became of it: narrow on
 * `outcome` to reach `step` (failed) and `error` (failed, skipped).
 */
export type BindAttempt = BoundAttempt | FailedAttempt | SkippedAttempt;

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
