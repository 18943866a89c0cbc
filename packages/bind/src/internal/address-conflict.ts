import { isIPv4 } from 'node:net';
import { parseIp } from '@sock/resolve';

/**
 * Canonical text of an IP literal for comparison: IPv4 as is, IPv6 compressed and lower case
 * without its zone, and IPv4-mapped IPv6 (`::ffff:127.0.0.1`) as the IPv4 address it stands for,
 * since a dual-stack socket bound to it holds that IPv4 address. Undefined for anything else.
 */
export function canonicalAddress(address: string): string | undefined {
  const ip = parseIp(address.replace(/%.*$/, ''));
  if (ip === undefined) return undefined;
  // parseIp prints IPv4-mapped addresses with their dotted tail.
  return ip.family === 6 && ip.address.startsWith('::ffff:') && ip.address.includes('.')
    ? ip.address.slice('::ffff:'.length)
    : ip.address;
}

/**
 * True when a socket bound to `held` keeps a bind to `wanted` on the same port from succeeding:
 * the same address, or either one a wildcard that covers the other. `::` counts as dual-stack
 * (Node's default), since /proc/net does not show IPV6_V6ONLY.
 */
export function addressesConflict(held: string, wanted: string): boolean {
  const a = canonicalAddress(held);
  const b = canonicalAddress(wanted);
  if (a === undefined || b === undefined) return false;
  if (a === b || a === '::' || b === '::') return true;
  return (a === '0.0.0.0' && isIPv4(b)) || (b === '0.0.0.0' && isIPv4(a));
}
