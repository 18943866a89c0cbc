import { SockError } from '@sock/errors';
import type { AddrInfo } from './addrinfo.js';
import type { FoundAddress, FoundHost, NameSource, NormalizedHints } from './types.js';
import { renderValue } from '@sock/errors/unstable-do-not-import';
import { validateHostName } from './host-name.js';
import { openHostsReader, type HostsReader } from './hosts.js';
import { isLoopback, parseIp, parseNumericHost, toV4Mapped, type IpLiteral } from './ip.js';
import { sortAddresses } from './order.js';
import { configuredFamilies } from './internal/addr-config.js';
import type { ServicePortsBySocktype } from './service-ports.js';

const passive4: FoundAddress = Object.freeze({ address: '0.0.0.0', family: 4 });
const passive6: FoundAddress = Object.freeze({ address: '::', family: 6 });
const loopback4: FoundAddress = Object.freeze({ address: '127.0.0.1', family: 4 });
const loopback6: FoundAddress = Object.freeze({ address: '::1', family: 6 });
// getaddrinfo's answers for a null host, already in its RFC 6724 order on Linux.
const nullHost = {
  passive: [[passive4, passive6], [passive4], [passive6]],
  active: [[loopback6, loopback4], [loopback4], [loopback6]],
} as const;

let sharedHostsFile: HostsReader | undefined;
function hostsFile(): HostsReader {
  sharedHostsFile ??= openHostsReader();
  return sharedHostsFile;
}

/** Checks a host argument: null for none, else the string; throws ERR_SOCK_INVALID_HOST. */
export function checkHost(host: unknown): string | null {
  if (host === null || host === undefined || host === '') return null;
  if (typeof host !== 'string') {
    throw invalidHost(
      `The host must be a string (a name or an IP address) or null, got ${renderValue(host)}.`,
    );
  }
  return host;
}

/** Throws ERR_SOCK_INVALID_HOST for a host that no name server could know (`'a b'`, `'[::1]'`). */
export function checkName(host: string): void {
  validateHostName(host);
}

function invalidHost(message: string, hint?: string): SockError {
  return new SockError({ code: 'ERR_SOCK_INVALID_HOST', message, hint });
}

export function notFound(host: string, message: string, code = 'ENOTFOUND'): SockError {
  return new SockError({ code, message, syscall: 'getaddrinfo', hostname: host });
}

const mappedV4 = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

/**
 * Answers a host without any lookup where it can: null hosts, IP literals, and (unless turned off)
 * names in the hosts file. Undefined when the name needs `findRemote()`. Synchronous, so that
 * these answers never wait behind anything.
 */
export function findLocal(
  host: string | null,
  hints: NormalizedHints,
  source: NameSource,
): FoundHost | undefined {
  const { family } = hints;
  if (host === null) {
    const table = hints.passive ? nullHost.passive : nullHost.active;
    const list = family === 0 ? table[0] : family === 4 ? table[1] : table[2];
    return finish(host, list, undefined, hints, true, true);
  }
  const literal = literalOf(host);
  if (literal !== undefined) {
    let found: FoundAddress = literal;
    if (family === 4 && literal.family === 6) {
      // glibc answers an IPv4-mapped literal asked for as IPv4 with the IPv4 address inside it.
      const inner = mappedV4.exec(literal.address)?.[1];
      if (inner === undefined) throw wrongFamily(host, 4);
      found = { address: inner, family: 4 };
    } else if (family === 6 && literal.family === 4) {
      if (!hints.v4Mapped) throw wrongFamily(host, 6);
      found = { address: toV4Mapped(literal.address), family: 6 };
    }
    return finish(host, [found], hints.canonName ? host : undefined, hints, true, true);
  }
  return findListed(host, host.toLowerCase(), hints, source);
}

/**
 * Answers a name that is not an IP literal from the hosts file, unless turned off; undefined when
 * the name needs `findRemote()`. `lower` is the name in lower case.
 */
export function findListed(
  host: string,
  lower: string,
  hints: NormalizedHints,
  source: NameSource,
): FoundHost | undefined {
  if (hints.numericHost) {
    throw notFound(
      host,
      `The host ${renderValue(host)} is not an IP address, and the \`numericHost\` hint forbids looking names up.`,
    );
  }
  if (hints.hostsFile ?? source.hostsFile) {
    const file = hostsFile();
    const entries = file.entries(lower);
    if (entries !== undefined) {
      const list = pickFamily(entries, hints);
      if (list.length > 0) {
        const canonName = hints.canonName ? (file.canonicalName(lower) ?? host) : undefined;
        // getaddrinfo sorts what the hosts file gives by RFC 6724, so that is its "verbatim" order.
        return finish(host, list, canonName, hints, false, false, true);
      }
    }
  }
  return undefined;
}

/**
 * The addresses a lookup function found for a host, as the hints want them: the family picked
 * (IPv4 mapped with `v4Mapped`), `addrConfig` applied, deduplicated and ordered. `ordered` says
 * the lookup already gave getaddrinfo's RFC 6724 order. Throws ENOTFOUND when none is left.
 */
export function finishRemote(
  host: string,
  found: readonly FoundAddress[],
  hints: NormalizedHints,
  ordered: boolean,
): readonly FoundAddress[] {
  // The most common answer, one address asked for any family, needs nothing done to it.
  if (found.length === 1 && hints.family === 0 && !hints.addrConfig) return found;
  const list = pickFamily(found, hints);
  if (list.length === 0) {
    throw notFound(host, `The host ${renderValue(host)} has no IPv${hints.family} address.`);
  }
  return finish(host, list, undefined, hints, ordered).addresses;
}

/**
 * The IP literal a host is, as getaddrinfo reads it: inet_pton's forms, inet_aton's older IPv4
 * forms (`127.1`), and zones; undefined for a name.
 */
function literalOf(host: string): IpLiteral | undefined {
  const strict = parseIp(host);
  if (strict === undefined) {
    const first = host.charCodeAt(0);
    // inet_aton's forms all start with a digit; names mostly do not, so most skip the parse.
    return first >= 48 && first <= 57 ? parseNumericHost(host) : undefined;
  }
  if (strict.scopeId === undefined) return strict;
  const numeric = parseNumericHost(host);
  if (numeric === undefined) {
    throw invalidHost(
      `The host ${renderValue(host)} has a zone name on an address that is not link-local.`,
      'Give a numeric zone (`%2`), or a zone name only on fe80::/10 and ff02::/16 addresses.',
    );
  }
  return numeric;
}

function wrongFamily(host: string, family: 4 | 6): SockError {
  return notFound(
    host,
    `The address ${renderValue(host)} is not an IPv${family} address, as the \`family\` hint asks.`,
    'EAI_ADDRFAMILY',
  );
}

/** Keeps the addresses of the family asked for, mapping IPv4 ones as `v4Mapped` and `all` say. */
function pickFamily(
  list: readonly FoundAddress[],
  hints: NormalizedHints,
): readonly FoundAddress[] {
  const { family } = hints;
  if (family === 0) return list;
  const same = list.filter((a) => a.family === family);
  if (family === 4 || !hints.v4Mapped || (same.length > 0 && !hints.all)) return same;
  const mapped = list
    .filter((a) => a.family === 4)
    .map((a): FoundAddress => ({ address: toV4Mapped(a.address), family: 6 }));
  return same.length === 0 ? mapped : [...same, ...mapped];
}

function finish(
  host: string | null,
  list: readonly FoundAddress[],
  canonName: string | undefined,
  hints: NormalizedHints,
  ordered: boolean,
  stable = false,
  fromFile = false,
): FoundHost {
  let addresses = list;
  if (hints.addrConfig) {
    const configured = configuredFamilies();
    addresses = addresses.filter((a) =>
      a.family === 4
        ? configured.v4 || (configured.loopback4 && isLoopback(a.address))
        : configured.v6 || (configured.loopback6 && isLoopback(a.address)),
    );
    if (addresses.length === 0) {
      throw notFound(
        host ?? '',
        `The host ${renderValue(host ?? '')} has no address of a family configured on this machine (the \`addrConfig\` hint).`,
      );
    }
  }
  if (addresses.length > 1) {
    addresses = dedupe(addresses);
    const order = fromFile && hints.order === 'verbatim' ? 'rfc6724' : hints.order;
    if (order !== 'verbatim' && !(ordered && order === 'rfc6724')) {
      addresses = sortAddresses(addresses, order);
    }
  }
  return { addresses, canonName, stable };
}

function dedupe(list: readonly FoundAddress[]): readonly FoundAddress[] {
  const seen = new Set<string>();
  const out: FoundAddress[] = [];
  for (const a of list) {
    const key = a.scopeId === undefined ? a.address : `${a.address}%${a.scopeId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(a);
  }
  return out.length === list.length ? list : out;
}

/** One AddrInfo per address and socket type the service is offered on, in getaddrinfo's order. */
export function toAddrInfos(
  found: FoundHost,
  ports: ServicePortsBySocktype,
  socktypes: readonly ('stream' | 'dgram')[],
): AddrInfo[] {
  const out: AddrInfo[] = [];
  for (const a of found.addresses) {
    for (const socktype of socktypes) {
      const port = socktype === 'stream' ? ports.stream : ports.dgram;
      if (port === undefined) continue;
      const protocol = socktype === 'stream' ? 'tcp' : 'udp';
      if (a.scopeId === undefined && (out.length > 0 || found.canonName === undefined)) {
        out.push({ family: a.family, address: a.address, port, socktype, protocol });
        continue;
      }
      const info: { -readonly [K in keyof AddrInfo]: AddrInfo[K] } = {
        family: a.family,
        address: a.address,
        port,
        socktype,
        protocol,
      };
      if (a.scopeId !== undefined) info.scopeId = a.scopeId;
      if (out.length === 0 && found.canonName !== undefined) info.canonName = found.canonName;
      out.push(info);
    }
  }
  return out;
}
