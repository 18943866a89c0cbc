import { SockError } from '@sock/errors';
import { renderValue } from '@sock/errors/unstable-do-not-import';
import { V4_DOTTED, formatIpv6Words, parseIpv6Words } from './internal/ipv6-text.js';

/**
 * IP literals, parsed and printed without the threadpool.
 *
 * `parseIp` is as strict as `inet_pton` and Node's `net.isIP`: dotted-quad IPv4 with no leading
 * zeros, and IPv6 with an optional zone (`%eth0`, `%2`). It deliberately does NOT accept the legacy
 * `inet_aton` forms (`127.1`, `0x7f.1`, `010.0.0.1`) that glibc's getaddrinfo takes even with
 * AI_NUMERICHOST: they read differently on different systems (`010` is 8 in glibc and 10 to a
 * human) and are a known way to slip an address past a filter. `parseNumericHost` answers exactly
 * as glibc's getaddrinfo with AI_NUMERICHOST does, for callers that need platform parity.
 */

/** An IP literal, parsed: its family, canonical address and IPv6 zone. */
export interface IpLiteral {
  /** The address family: 4 or 6. */
  readonly family: 4 | 6;
  /** Canonical text form (as glibc's inet_ntop prints it), zone stripped. */
  readonly address: string;
  /** The IPv6 zone (`'eth0'` or `'2'`), when one was given. */
  readonly scopeId?: string;
}

// The zone characters net.isIP accepts, so that parseIp and net.isIP agree on every input.
const ZONE = /^[0-9a-zA-Z.:-]+$/;

/**
 * Parses an IP literal without touching DNS; undefined when the text is not one.
 *
 * @example
 * parseIp('fe80::1%eth0'); // { family: 6, address: 'fe80::1', scopeId: 'eth0' }
 * parseIp('localhost'); // undefined
 */
export function parseIp(text: string): IpLiteral | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > 255) return undefined;
  // A dotted quad starts with a digit and IPv6 has a colon: most names are neither, and are
  // told apart without the cache or a pattern.
  const first = text.charCodeAt(0);
  const digit = first >= 48 && first <= 57;
  if (!digit && !text.includes(':')) return undefined;
  // resolve() parses the same few literals over and over; a small cache of frozen answers makes
  // that a map lookup. Cleared when full rather than LRU: cheap, and correct either way.
  // The literal parsed last (a lookup function answering the same address over and over) is one
  // string comparison away; others are a map lookup.
  if (text === lastText) return lastLiteral;
  const cached = literalCache.get(text);
  if (cached !== undefined) {
    lastText = text;
    lastLiteral = cached;
    return cached;
  }
  if (!text.includes(':')) {
    if (!digit || !V4_DOTTED.test(text)) return undefined;
    return remember(text, { family: 4, address: text });
  }
  const percent = text.indexOf('%');
  const head = percent === -1 ? text : text.slice(0, percent);
  const zone = percent === -1 ? undefined : text.slice(percent + 1);
  if (zone !== undefined && !ZONE.test(zone)) return undefined;
  const words = parseIpv6Words(head);
  if (words === undefined) return undefined;
  const address = formatIpv6Words(words);
  return remember(
    text,
    zone === undefined ? { family: 6, address } : { family: 6, address, scopeId: zone },
  );
}

const LITERAL_CACHE_SIZE = 512;
const literalCache = new Map<string, IpLiteral>();
let lastText = '';
let lastLiteral: IpLiteral | undefined = undefined;

function remember(text: string, literal: IpLiteral): IpLiteral {
  if (literalCache.size >= LITERAL_CACHE_SIZE) literalCache.clear();
  Object.freeze(literal);
  literalCache.set(text, literal);
  return literal;
}

/**
 * Parses a host as glibc's getaddrinfo does with AI_NUMERICHOST: IPv4 in any `inet_aton` form
 * (`127.1`, `0x7f.0.0.1`, `0177.0.0.1`, `2130706433`), IPv6 as inet_pton takes it, and a zone that
 * is a number on any IPv6 address or an interface name on a link-local (fe80::/10, ff02::/16)
 * address only. Unlike glibc it does not ask the kernel whether a named interface exists.
 *
 * @example parseNumericHost('127.1') // { family: 4, address: '127.0.0.1' }
 */
export function parseNumericHost(text: string): IpLiteral | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > 255) return undefined;
  const v4 = parseInetAton(text);
  if (v4 !== undefined) return { family: 4, address: v4 };
  const strict = parseIp(text);
  if (strict?.family !== 6 || strict.scopeId === undefined) return strict;
  // glibc takes a numeric zone as the scope id as it stands (up to 32 bits), and a name only
  // where a scope is meaningful: link-local unicast and link-local multicast.
  if (/^\d+$/.test(strict.scopeId)) {
    return Number(strict.scopeId) <= 0xffffffff ? strict : undefined;
  }
  const words = parseIpv6Words(strict.address);
  if (words === undefined) return undefined;
  const first = words[0] ?? 0;
  const linkLocal = (first & 0xffc0) === 0xfe80 || (first & 0xff0f) === 0xff02;
  return linkLocal ? strict : undefined;
}

/**
 * True for an address in 127.0.0.0/8, `::1`, or an IPv4-mapped loopback (`::ffff:127.0.0.1`).
 *
 * @example isLoopback('::ffff:127.0.0.1') // true
 */
export function isLoopback(address: string): boolean {
  const ip = parseIp(address);
  if (ip === undefined) return false;
  if (ip.family === 4) return ip.address.startsWith('127.');
  return ip.address === '::1' || ip.address.startsWith('::ffff:127.');
}

/**
 * True for the unspecified addresses `0.0.0.0`, `::` and `::ffff:0.0.0.0`.
 *
 * @example isWildcard('::') // true
 */
export function isWildcard(address: string): boolean {
  const ip = parseIp(address);
  if (ip === undefined) return false;
  return ip.address === '0.0.0.0' || ip.address === '::' || ip.address === '::ffff:0.0.0.0';
}

/**
 * Maps an IPv4 address into IPv6: `'127.0.0.1'` gives `'::ffff:127.0.0.1'`. An address that is
 * already IPv6 comes back canonical; anything else is an `ERR_SOCK_INVALID_HOST` SockError.
 *
 * @example toV4Mapped('127.0.0.1') // '::ffff:127.0.0.1'
 */
export function toV4Mapped(ipv4: string): string {
  const ip = parseIp(ipv4);
  if (ip === undefined) {
    throw new SockError({
      code: 'ERR_SOCK_INVALID_HOST',
      message: `Cannot map ${renderValue(ipv4)} to IPv6: it is not an IP address. Pass an IPv4 address such as 127.0.0.1.`,
    });
  }
  return ip.family === 6 ? ip.address : `::ffff:${ip.address}`;
}

// inet_aton: one to four parts split by dots, each decimal, octal (leading 0) or hex (0x); the
// last part fills the bytes that remain. No sign, no spaces, no empty part, no trailing dot.
function parseInetAton(text: string): string | undefined {
  const parts = text.split('.');
  if (parts.length > 4) return undefined;
  const values: number[] = [];
  for (const part of parts) {
    let value: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(part)) {
      // glibc's strtoul takes a bare `0x` as zero only when digits follow; `0x` alone is no number.
      if (part.length === 2) return undefined;
      value = parseInt(part.slice(2), 16);
    } else if (/^0[0-7]*$/.test(part)) {
      value = parseInt(part, 8);
    } else if (/^[1-9]\d*$/.test(part)) {
      value = Number(part);
    } else {
      return undefined;
    }
    // Huge parts come out above every limit below (or as Infinity), so they fail the range checks.
    if (Number.isNaN(value)) return undefined;
    values.push(value);
  }
  const last = values.pop() ?? 0;
  if (values.some((v) => v > 0xff)) return undefined;
  const lastMax = 2 ** (8 * (4 - values.length)) - 1;
  if (last > lastMax) return undefined;
  const bytes = [...values];
  for (let i = 4 - values.length - 1; i >= 0; i--)
    bytes.push(Math.floor(last / 2 ** (8 * i)) % 256);
  return bytes.join('.');
}
