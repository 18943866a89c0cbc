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
  readonly code: SockErrorCode;
  readonly message: string;
  readonly hint?: string | undefined;
  readonly cause?: unknown;
  readonly errno?: number | undefined;
  readonly uvErrno?: number | undefined;
  readonly winsock?: number | undefined;
  readonly syscall?: string | undefined;
  readonly address?: string | undefined;
  readonly port?: number | undefined;
  readonly hostname?: string | undefined;
  readonly transient?: boolean | undefined;
}

/**
 * The one error type of sock: a stable `code`, the original error as `cause`, the platform's
 * numbers, what was being done to what, whether a retry can help, and a `hint` saying what to do.
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
  readonly syscall: string | undefined;
  readonly address: string | undefined;
  readonly port: number | undefined;
  readonly hostname: string | undefined;
  /** True where the same call may succeed if retried later (EAI_AGAIN, EMFILE), false otherwise. */
  readonly transient: boolean;
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

Object.defineProperty(SockError.prototype, brand, { value: true });

/** True for a SockError from any copy of `@sock/errors`, including subclasses. */
export function isSockError(value: unknown): value is SockError {
  try {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[brand] === true
    );
  } catch {
    // A Proxy whose `get` trap throws is not a SockError, and asking must not throw.
    return false;
  }
}
