import { SockError } from '@sock/errors';
import { renderValue } from '@sock/errors/unstable-do-not-import';
import { parseIpv6Words } from './internal/ipv6-text.js';
import { destinationKey } from './internal/policy-table.js';
import { parseIp } from './ip.js';

/** How to order destination addresses. */
export type AddressOrder = 'rfc6724' | 'verbatim' | 'ipv6first' | 'ipv4first';

/** Every AddressOrder, for validating options that take one. */
export const ORDERS: readonly AddressOrder[] = ['rfc6724', 'verbatim', 'ipv6first', 'ipv4first'];

/**
 * Orders addresses for connecting, stably, in a new array (the input is left alone).
 *
 * - `'verbatim'`: as given.
 * - `'ipv6first'` / `'ipv4first'`: one family before the other, each in the order given.
 * - `'rfc6724'`: the RFC 6724 section 6 destination rules that need nothing but the address:
 *   rule 6 (higher precedence in the default policy table first; IPv4 counts as `::ffff:0:0/96`,
 *   so `::1` comes before `127.0.0.1` and global IPv6 before IPv4, as glibc orders them), rule 8
 *   (smaller scope first) and rule 10 (otherwise as given). The rules that need the source address
 *   the kernel would pick (1 unusable destination, 2 matching scope, 3 deprecated, 4 home address,
 *   5 matching label, 7 native transport, 9 longest matching prefix) are not applied: glibc learns
 *   the source with a connect() probe on a UDP socket per address, which this function does not
 *   make. So a host with no IPv6 route still gets IPv6 first here; pair this order with
 *   Happy Eyeballs (`autoSelectFamily`) or the `addrConfig` hint. An address that is not an IP
 *   literal sorts last among equals (precedence 0, global scope).
 *
 * @example sortAddresses([{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }], 'rfc6724')
 */
export function sortAddresses<T extends { address: string; family: 4 | 6 }>(
  list: readonly T[],
  order: AddressOrder,
): T[] {
  if (!ORDERS.includes(order)) {
    throw new SockError({
      code: 'ERR_SOCK_INVALID_OPTION',
      message: `The \`order\` option must be one of ${ORDERS.map((o) => `'${o}'`).join(', ')}, got ${renderValue(order)}.`,
    });
  }
  const given: unknown = list;
  if (!Array.isArray(given)) {
    throw new SockError({
      code: 'ERR_SOCK_INVALID_ARGUMENT',
      message: `sortAddresses needs an array of addresses, got ${renderValue(list)}.`,
    });
  }
  const copy = [...list];
  for (const [index, entry] of copy.entries()) {
    const item: unknown = entry;
    if (
      typeof item !== 'object' ||
      item === null ||
      typeof (item as { address?: unknown }).address !== 'string' ||
      ((item as { family?: unknown }).family !== 4 && (item as { family?: unknown }).family !== 6)
    ) {
      throw new SockError({
        code: 'ERR_SOCK_INVALID_ARGUMENT',
        message: `sortAddresses needs addresses as { address, family: 4 | 6 }, got ${renderValue(item)} at index ${index}.`,
      });
    }
  }
  switch (order) {
    case 'verbatim':
      return copy;
    case 'ipv6first':
      return [...copy.filter((a) => a.family === 6), ...copy.filter((a) => a.family !== 6)];
    case 'ipv4first':
      return [...copy.filter((a) => a.family === 4), ...copy.filter((a) => a.family !== 4)];
    case 'rfc6724': {
      // Keys computed once per address; Array.prototype.sort is stable, which gives rule 10.
      const keyed = copy.map((item) => ({ item, key: destinationKey(toWords(item.address)) }));
      keyed.sort((a, b) => b.key.precedence - a.key.precedence || a.key.scope - b.key.scope);
      return keyed.map((k) => k.item);
    }
  }
}

// An address as the 8 words the policy table compares; IPv4 as `::ffff:a.b.c.d`.
function toWords(address: string): number[] | undefined {
  if (typeof address !== 'string') return undefined;
  const ip = parseIp(address);
  if (ip === undefined) return undefined;
  if (ip.family === 6) return parseIpv6Words(ip.address);
  const [a = 0, b = 0, c = 0, d = 0] = ip.address.split('.').map(Number);
  return [0, 0, 0, 0, 0, 0xffff, (a << 8) | b, (c << 8) | d];
}
