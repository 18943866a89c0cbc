import { SockError, isSockError, type SockErrorCode } from './sock-error.js';

/** Facts the caller knows that the error may lack; they fill what the error does not say. */
export interface SockErrorContext {
  readonly syscall?: string | undefined;
  readonly address?: string | undefined;
  readonly port?: number | undefined;
  readonly hostname?: string | undefined;
  /** Read numbers for this platform instead of the running one. */
  readonly platform?: NodeJS.Platform | undefined;
}

// PLACEHOLDER CONTRACT: the errors work replaces this with the full translation (tables, hints,
// AggregateError and cause unwrapping, 'Unknown system error -102' recovery).
/** Turns any thrown value into a SockError, keeping the original as `cause`. */
export function toSockError(err: unknown, context: SockErrorContext = {}): SockError {
  if (isSockError(err)) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as Record<string, unknown>;
  const code: SockErrorCode = typeof e['code'] === 'string' ? e['code'] : 'ERR_SOCK_UNKNOWN';
  return new SockError({
    code,
    message: typeof e['message'] === 'string' ? e['message'] : String(err),
    cause: err,
    uvErrno: typeof e['errno'] === 'number' ? e['errno'] : undefined,
    syscall: typeof e['syscall'] === 'string' ? e['syscall'] : context.syscall,
    address: typeof e['address'] === 'string' ? e['address'] : context.address,
    port: typeof e['port'] === 'number' ? e['port'] : context.port,
    hostname: typeof e['hostname'] === 'string' ? e['hostname'] : context.hostname,
  });
}
