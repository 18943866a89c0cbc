import { SockError } from '@sock/errors';
import type { FoundAddress, LookupFunction } from './types.js';
import { renderValue } from '@sock/errors/unstable-do-not-import';
import { parseIp } from './ip.js';

/** Receives a lookup's outcome exactly once. */
export interface LookupTarget {
  /** Set once the outcome is in: whatever the function does later is ignored. */
  settled: boolean;
  found(err: unknown, found: readonly FoundAddress[] | undefined): void;
}

/**
 * Calls a lookup function of either shape (Node's callback, or an async function) for all the
 * addresses of one family, and hands back checked addresses exactly once, whatever the function
 * does: throws, calls back twice, never settles, returns garbage.
 */
export function callLookup(
  fn: LookupFunction,
  hostname: string,
  family: 0 | 4 | 6,
  target: LookupTarget,
): void {
  // The one closure a call makes: the function needs a callback that knows whose answer it is.
  const finish = (err: unknown, value?: unknown, valueFamily?: unknown): void => {
    settle(target, hostname, err, value, valueFamily);
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
      returned !== undefined &&
      (typeof returned === 'object' || typeof returned === 'function') &&
      typeof (returned as PromiseLike<unknown>).then === 'function'
    ) {
      (returned as PromiseLike<unknown>).then(
        (value) => settle(target, hostname, null, value, undefined),
        (error: unknown) =>
          settle(target, hostname, error ?? new Error('lookup rejected without a reason')),
      );
    }
  } catch (error) {
    settle(target, hostname, error);
  }
}

function settle(
  target: LookupTarget,
  hostname: string,
  err: unknown,
  value?: unknown,
  valueFamily?: unknown,
): void {
  if (target.settled) return;
  target.settled = true;
  if (err !== null && err !== undefined) {
    target.found(err, undefined);
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
  if (isFound(checked)) target.found(null, checked);
  else target.found(checked, undefined);
}

function check(
  hostname: string,
  value: unknown,
  valueFamily: unknown,
): readonly FoundAddress[] | SockError {
  if (typeof value === 'string') {
    const one = checkOne(value, valueFamily);
    return one === undefined ? badAddress(hostname, value, valueFamily) : [one];
  }
  if (!Array.isArray(value)) return garbage(hostname, value);
  const list = value as unknown[];
  const found = new Array<FoundAddress>(list.length);
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (typeof item !== 'object' || item === null) return garbage(hostname, item);
    const { address, family } = item as { address?: unknown; family?: unknown };
    const one = checkOne(address, family);
    if (one === undefined) return badAddress(hostname, address, family);
    found[i] = one;
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

/** An address and the family claimed for it, checked; undefined when they do not agree. */
function checkOne(address: unknown, family: unknown): FoundAddress | undefined {
  const ip = typeof address === 'string' ? parseIp(address) : undefined;
  if (ip === undefined) return undefined;
  if (family === undefined || family === ip.family) return ip;
  const claimed = family === 'IPv4' ? 4 : family === 'IPv6' ? 6 : family;
  return claimed === ip.family ? ip : undefined;
}

/** Why checkOne() refused an address: not an IP address, or not of the family claimed. */
function badAddress(hostname: string, address: unknown, family: unknown): SockError {
  const ip = typeof address === 'string' ? parseIp(address) : undefined;
  if (ip === undefined) return garbage(hostname, address);
  return garbage(hostname, address, ` with family ${renderValue(family)}`);
}

function garbage(hostname: string, value: unknown, extra = ''): SockError {
  return new SockError({
    code: 'ERR_SOCK_INVALID_OPTION',
    message: `The \`lookup\` function answered ${renderValue(value)}${extra} for ${renderValue(hostname)}, which is not an IP address of that family.`,
    hint: 'A lookup function must call back with (null, [{ address, family }]) for `all: true`, as dns.lookup does.',
    hostname,
  });
}

/** True for checked addresses, false for the error saying why they could not be read. */
function isFound(checked: readonly FoundAddress[] | SockError): checked is readonly FoundAddress[] {
  return Array.isArray(checked);
}
