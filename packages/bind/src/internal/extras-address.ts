import { isIP, isIPv4 } from 'node:net';

/**
 * Canonical text of an IP literal for comparison: IPv4 as is, IPv6 compressed and lower case
 * without its zone, and IPv4-mapped IPv6 (`::ffff:127.0.0.1`) as the IPv4 address it stands for,
 * since a dual-stack socket bound to it holds that IPv4 address. Undefined for anything else.
 */
export function canonicalAddress(address: string): string | undefined {
  const bare = address.replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return bare;
  if (family !== 6) return undefined;
  // The WHATWG URL parser prints IPv6 hosts in RFC 5952 form, which saves writing one more parser.
  const host = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mapped !== null) {
    const high = Number.parseInt(mapped[1] ?? '0', 16);
    const low = Number.parseInt(mapped[2] ?? '0', 16);
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  }
  return host;
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
