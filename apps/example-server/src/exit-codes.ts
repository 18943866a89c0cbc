import type { SockError } from '@sock/errors';

/**
 * The exit codes of `sock-server`, from BSD's sysexits.h so that service managers and scripts can
 * tell a typo from a busy port from a missing permission without reading the log.
 */
export const exitCodes = {
  ok: 0,
  /** EX_USAGE: the command line is wrong (unknown flag, malformed value). */
  usage: 64,
  /** EX_UNAVAILABLE: the address or port cannot be had right now (EADDRINUSE, ENOTFOUND...). */
  unavailable: 69,
  /** EX_SOFTWARE: a failure nobody planned for. */
  software: 70,
  /**
   * EX_TEMPFAIL: stopped, but the drain timed out and requests still in flight were cut; their
   * clients got no answer and may retry.
   */
  drainCut: 75,
  /** EX_NOPERM: the system refused (EACCES, EPERM, privileges could not be dropped). */
  noPermission: 77,
  /** EX_CONFIG: values that parse but cannot work (bad env value, unknown service, unsupported). */
  configuration: 78,
  /** 128 + SIGINT: the shell convention for a process ended by a forced interrupt. */
  forcedSigint: 130,
  /** 128 + SIGTERM. */
  forcedSigterm: 143,
} as const;

/** One of the exit codes above. */
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

const unavailable = new Set([
  'EADDRINUSE',
  'EADDRNOTAVAIL',
  'EAFNOSUPPORT',
  'ENOTFOUND',
  'EAI_NONAME',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NODATA',
  'EAI_ADDRFAMILY',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EMFILE',
  'ENFILE',
  'ENOBUFS',
  'ERR_SOCK_NO_ADDRESS',
  'ERR_SOCK_OVERLOADED',
]);
const noPermission = new Set(['EACCES', 'EPERM', 'ERR_SOCK_PRIVILEGES']);
const configuration = new Set([
  'ERR_SOCK_UNSUPPORTED',
  'ERR_SOCK_SYSTEMD',
  'ERR_SOCK_INVALID_SERVICE',
]);

/** The exit code for a failure to start: which kind of failure it was, by its code. */
export function exitCodeFor(error: Pick<SockError, 'code'>): ExitCode {
  const code = String(error.code);
  if (unavailable.has(code)) return exitCodes.unavailable;
  if (noPermission.has(code)) return exitCodes.noPermission;
  // Options that passed the CLI's syntax check but that bind() rejects are configuration errors.
  if (configuration.has(code) || code.startsWith('ERR_SOCK_INVALID_'))
    return exitCodes.configuration;
  return exitCodes.software;
}
