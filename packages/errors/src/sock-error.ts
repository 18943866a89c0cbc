import { brandClass, hasBrand } from './brand.js';
import type { SockOwnCode } from './sock-codes.js';

// A brand in the global symbol registry, so that isSockError() recognises errors made by another
// copy of this package (two versions in node_modules, or the ESM and CJS builds side by side).
const brand: unique symbol = Symbol.for('@sock/errors.SockError') as never;

/**
 * The stable code of a SockError: a system code name as Node spells it (`EADDRINUSE`, `ENOTFOUND`,
 * `EAI_AGAIN`, `ETIMEDOUT`...) or one of sock's own `ERR_SOCK_*` codes.
 */
export type SockErrorCode = SockOwnCode | SystemErrorCode;

/** A system error code as Node spells it in `err.code`. */
// Widened with `string & {}` so that editors still suggest the known names.
export type SystemErrorCode = `E${string}` | (string & {});

/** What a SockError is made of. */
export interface SockErrorInit {
  /** The stable code: the system's (`EADDRINUSE`) or sock's own (`ERR_SOCK_*`). */
  readonly code: SockErrorCode;
  /** The whole message, as `error.message` shows it. */
  readonly message: string;
  /** What to do about it. */
  readonly hint?: string | undefined;
  /** The original error, kept as `error.cause`. */
  readonly cause?: unknown;
  /** The platform errno, positive. */
  readonly errno?: number | undefined;
  /** libuv's number, as Node reports it in `err.errno`. */
  readonly uvErrno?: number | undefined;
  /** The corresponding Winsock number. */
  readonly winsock?: number | undefined;
  /** The system call that failed (`listen`, `getaddrinfo`). */
  readonly syscall?: string | undefined;
  /** The address it was called for. */
  readonly address?: string | undefined;
  /** The port it was called for. */
  readonly port?: number | undefined;
  /** The host name being resolved. */
  readonly hostname?: string | undefined;
  /** Whether a retry of the same call later can help (default false). */
  readonly transient?: boolean | undefined;
}

/**
 * The one error type of sock: a stable `code`, the original error as `cause`, the platform's
 * numbers, what was being done to what, whether a retry can help, and a `hint` saying what to do.
 *
 * @example
 * throw new SockError({
 *   code: 'ERR_SOCK_INVALID_PORT',
 *   message: 'The `port` option must be an integer from 0 to 65535, got 70000.',
 * });
 */
export class SockError extends Error {
  /** A stable code: the system's (`EADDRINUSE`) or sock's own (`ERR_SOCK_INVALID_PORT`). */
  readonly code: SockErrorCode;
  /** What to do about it, in one or two sentences; absent where there is nothing useful to say. */
  readonly hint: string | undefined;
  /** The platform errno, positive (98 for EADDRINUSE on Linux, 48 on macOS, 10048 on Windows). */
  readonly errno: number | undefined;
  /** libuv's number as Node reports it in `err.errno` (-98 on Linux, -4091 on Windows). */
  readonly uvErrno: number | undefined;
  /** The Winsock number that corresponds (10048 for EADDRINUSE), where there is one. */
  readonly winsock: number | undefined;
  /** The system call that failed (`listen`, `bind`, `getaddrinfo`). */
  readonly syscall: string | undefined;
  /** The address the call was for (`127.0.0.1`). */
  readonly address: string | undefined;
  /** The port the call was for. */
  readonly port: number | undefined;
  /** The host name that was being resolved. */
  readonly hostname: string | undefined;
  /** True where the same call may succeed if retried later (EAI_AGAIN, EMFILE), false otherwise. */
  readonly transient: boolean;
  /** Always `'SockError'`. */
  override name = 'SockError';

  constructor(init: SockErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.hint = init.hint;
    this.errno = init.errno;
    this.uvErrno = init.uvErrno;
    this.winsock = init.winsock;
    this.syscall = init.syscall;
    this.address = init.address;
    this.port = init.port;
    this.hostname = init.hostname;
    this.transient = init.transient ?? false;
  }
}

brandClass(SockError, brand);

/**
 * True for a SockError from any copy of `@sock/errors`, including subclasses.
 *
 * @example
 * if (isSockError(err) && err.transient) retryLater();
 */
export function isSockError(value: unknown): value is SockError {
  return hasBrand(value, brand);
}
