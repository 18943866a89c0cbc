import { SockError } from '@sock/errors';
import type { FoundAddress, LookupFunction } from './types.js';
import { renderValue } from '@sock/errors/unstable-do-not-import';
import { parseIp } from './ip.js';

/** Receives a lookup's outcome exactly once. */
export type LookupDone = (err: unknown, found: readonly FoundAddress[] | undefined) => void;

/**
 * Calls a lookup function of either shape (Node's callback, or an async function) for all the
 * addresses of one family, and hands back checked addresses exactly once, whatever the function
 * does: throws, calls back twice, never settles, returns garbage.
 */
export function callLookup(
  fn: LookupFunction,
  hostname: string,
  family: 0 | 4 | 6,
  done: LookupDone,
): void {
  let settled = false;
  const finish = (err: unknown, value?: unknown, valueFamily?: unknown): void => {
    if (settled) return;
    settled = true;
    if (err !== null && err !== undefined) {
      done(err, undefined);
      return;
    }
    let checked: readonly FoundAddress[] | SockError;
    try {
      checked = check(hostname, value, valueFamily);
    } catch (error) {
      checked = new SockError({
        code: 'ERR_SOCK_INVALID_OPTION',
        message: `The \`lookup\` function's answer for ${renderValue(hostname)} could not be read.`,
        cause: error,
        hostname,
      });
    }
    if (checked instanceof SockError) done(checked, undefined);
    else done(null, checked);
  };
  try {
    // `all: true` asks for every address; `verbatim` keeps getaddrinfo's own (RFC 6724) order.
    const returned: unknown = (fn as (...args: unknown[]) => unknown)(
      hostname,
      { family, all: true, verbatim: true },
      finish,
    );
    if (
      returned !== null &&
      (typeof returned === 'object' || typeof returned === 'function') &&
      typeof (returned as PromiseLike<unknown>).then === 'function'
    ) {
      (returned as PromiseLike<unknown>).then(
        (value) => finish(null, value),
        (error: unknown) => finish(error ?? new Error('lookup rejected without a reason')),
      );
    }
  } catch (error) {
    finish(error);
  }
}

function check(
  hostname: string,
  value: unknown,
  valueFamily: unknown,
): readonly FoundAddress[] | SockError {
  if (typeof value === 'string') {
    const one = checkOne(hostname, { address: value, family: valueFamily });
    return one instanceof SockError ? one : [one];
  }
  if (!Array.isArray(value)) return garbage(hostname, value);
  const found: FoundAddress[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null) return garbage(hostname, item);
    const one = checkOne(hostname, item);
    if (one instanceof SockError) return one;
    found.push(one);
  }
  if (found.length === 0) {
    return new SockError({
      code: 'ENOTFOUND',
      message: `The \`lookup\` function found no address for ${renderValue(hostname)}.`,
      syscall: 'getaddrinfo',
      hostname,
    });
  }
  return found;
}

function checkOne(
  hostname: string,
  item: { address?: unknown; family?: unknown },
): FoundAddress | SockError {
  const { address, family } = item;
  const ip = typeof address === 'string' ? parseIp(address) : undefined;
  if (ip === undefined) return garbage(hostname, address);
  const claimed = family === 'IPv4' ? 4 : family === 'IPv6' ? 6 : family;
  if (claimed !== undefined && claimed !== ip.family) {
    return garbage(hostname, address, ` with family ${renderValue(family)}`);
  }
  return ip;
}

function garbage(hostname: string, value: unknown, extra = ''): SockError {
  return new SockError({
    code: 'ERR_SOCK_INVALID_OPTION',
    message: `The \`lookup\` function answered ${renderValue(value)}${extra} for ${renderValue(hostname)}, which is not an IP address of that family.`,
    hint: 'A lookup function must call back with (null, [{ address, family }]) for `all: true`, as dns.lookup does.',
    hostname,
  });
}
