// The types the resolver's modules share, in one module that imports no code of its own, so that
// hints.ts, resolver.ts, flights.ts, lookup-front.ts, find-host.ts and call-lookup.ts depend on it
// and never on each other for a type.
import type { LookupAddress } from 'node:dns';
import type { LookupFunction as NetLookupFunction } from 'node:net';
import type { AddrInfo } from './addrinfo.js';
import type { AddressOrder } from './order.js';

/**
 * A name lookup function in Node's callback shape, so `dns.lookup` itself can be passed; an async
 * function that returns the addresses is accepted too.
 */
export type LookupFunction =
  | ((
      hostname: string,
      options: { family?: number; all?: boolean; hints?: number; verbatim?: boolean },
      callback: (
        err: NodeJS.ErrnoException | null,
        address: string | LookupAddress[],
        family?: number,
      ) => void,
    ) => void)
  | ((
      hostname: string,
      options: { family?: number; all?: boolean; hints?: number; verbatim?: boolean },
    ) => PromiseLike<readonly LookupAddress[]>);

/** getaddrinfo's hints, and what `dns.lookup` lacks: order, cancellation, timeout, injection. */
export interface ResolveHints {
  /** 4 or 6 for one family; 0 (the default) for both. */
  readonly family?: 0 | 4 | 6 | undefined;
  /** Only this socket type; by default one entry per socket type for each address. */
  readonly socktype?: 'stream' | 'dgram' | undefined;
  /** Only this protocol; `'tcp'` implies `'stream'` and `'udp'` implies `'dgram'`. */
  readonly protocol?: 'tcp' | 'udp' | undefined;
  /** For a server: a null or empty host gives the wildcards `::` and `0.0.0.0`, not loopback. */
  readonly passive?: boolean | undefined;
  /** The host must be an IP literal; DNS is never asked, and a name fails with ENOTFOUND. */
  readonly numericHost?: boolean | undefined;
  /** The service must be a port number; a name fails with ERR_SOCK_INVALID_SERVICE. */
  readonly numericService?: boolean | undefined;
  /** Only addresses of families that have a non-loopback address configured on this host. */
  readonly addrConfig?: boolean | undefined;
  /** With family 6: IPv4 results as `::ffff:a.b.c.d` when there are no IPv6 ones. */
  readonly v4Mapped?: boolean | undefined;
  /** With `v4Mapped`: the mapped IPv4 results as well as the IPv6 ones. */
  readonly all?: boolean | undefined;
  /** Fill `canonName` on the first entry. */
  readonly canonName?: boolean | undefined;
  /** The order of the results; default `'rfc6724'`, as getaddrinfo orders them. */
  readonly order?: AddressOrder | undefined;
  /** Rejects with the signal's reason as soon as it aborts. */
  readonly signal?: AbortSignal | undefined;
  /** Milliseconds before the lookup fails with ETIMEDOUT. */
  readonly timeout?: number | undefined;
  /** A lookup function to use instead of the system's (`dns.lookup`). */
  readonly lookup?: LookupFunction | undefined;
  /** Answer names from the hosts file without the threadpool (default true). */
  readonly hostsFile?: boolean | undefined;
  /** The resolver to go through (default: the shared default resolver). */
  readonly resolver?: Resolver | undefined;
}

/** Hints after validation, with the defaults filled in. */
export interface NormalizedHints {
  /** The hints that shape an answer, as text: part of the cache key. */
  readonly key: string;
  readonly family: 0 | 4 | 6;
  /** The socket types to list, in getaddrinfo's order. */
  readonly socktypes: readonly ('stream' | 'dgram')[];
  readonly passive: boolean;
  readonly numericHost: boolean;
  readonly numericService: boolean;
  readonly addrConfig: boolean;
  readonly v4Mapped: boolean;
  readonly all: boolean;
  readonly canonName: boolean;
  readonly order: AddressOrder;
  readonly signal: AbortSignal | undefined;
  readonly timeout: number | undefined;
  readonly lookup: LookupFunction | undefined;
  readonly hostsFile: boolean | undefined;
  readonly resolver: Resolver | undefined;
}

/** Options of createResolver(). */
export interface ResolverOptions {
  /** System lookups running at once; default: libuv's cap on slow work, (UV_THREADPOOL_SIZE + 1) / 2. */
  readonly maxConcurrency?: number | undefined;
  /** Lookups waiting for a slot; past it a lookup fails at once with ERR_SOCK_OVERLOADED (default 1000). */
  readonly maxQueued?: number | undefined;
  /** Milliseconds to keep answers; 0 (the default) keeps none. */
  readonly cacheTtl?: number | undefined;
  /** Milliseconds to keep "no such name" answers; default the smaller of `cacheTtl` and 1000. */
  readonly negativeTtl?: number | undefined;
  /** Most names kept; the least recently used goes first (default 1000). */
  readonly maxCacheEntries?: number | undefined;
  /** The lookup function for names (default `dns.lookup`). */
  readonly lookup?: LookupFunction | undefined;
  /** Answer names from the hosts file without the threadpool (default true). */
  readonly hostsFile?: boolean | undefined;
  /**
   * Whether `lookup` runs on libuv's threadpool, so that `maxConcurrency` and `maxQueued` apply to
   * it. Default: true for `dns.lookup` (getaddrinfo), false for any other function.
   */
  readonly threadpool?: boolean | undefined;
}

/** What a resolver has done so far, and what it is doing now. */
export interface ResolverStats {
  /** Lookups answered from the cache. */
  readonly hits: number;
  /** Lookups that needed a call of the lookup function. */
  readonly misses: number;
  /** Lookups that joined an identical one already in flight. */
  readonly coalesced: number;
  /** Calls of the lookup function running now (a timed-out one runs until it returns). */
  readonly inFlight: number;
  /** Calls waiting for a free slot. */
  readonly queued: number;
  /** Lookups refused with ERR_SOCK_OVERLOADED. */
  readonly rejected: number;
  /** Lookups that failed with ETIMEDOUT. */
  readonly timeouts: number;
  /** Lookups of names answered from the hosts file. */
  readonly hostsFile: number;
}

/** `dns.lookup`'s answer with `all: false`, as `dns.promises.lookup` resolves to it. */
export type LookupOneAnswer = { address: string; family: 4 | 6 } | { address: null; family: 4 | 6 };

/** The promise API of a resolver, as `dns.promises` has it. */
export interface ResolverPromises {
  /** `dns.promises.lookup` through the resolver: same arguments, answers and errors. */
  lookup(hostname: string, options: LookupOptions & { all: true }): Promise<LookupAddress[]>;
  /** `dns.promises.lookup` without `all`: the first address, `{ address, family }`. */
  lookup(
    hostname: string,
    options?: (LookupOptions & { all?: false }) | number,
  ): Promise<LookupOneAnswer>;
  /** `dns.promises.lookup` with `all` known only at run time: either answer. */
  lookup(
    hostname: string,
    options?: LookupOptions | number,
  ): Promise<LookupOneAnswer | LookupAddress[]>;
}

/** The options `dns.lookup` takes. */
export interface LookupOptions {
  /** One family (4, 6, `'IPv4'`, `'IPv6'`), or 0 for both, as in `dns.lookup`. */
  readonly family?: 0 | 4 | 6 | 'IPv4' | 'IPv6' | undefined;
  /** `dns.ADDRCONFIG`, `dns.V4MAPPED` and `dns.ALL`, or-ed together. */
  readonly hints?: number | undefined;
  /** Every address as an array instead of the first one. */
  readonly all?: boolean | undefined;
  /** The order of the answers, as in `dns.lookup`. */
  readonly order?: 'verbatim' | 'ipv4first' | 'ipv6first' | undefined;
  /** Node's older option: `true` is `order: 'verbatim'`, `false` is `'ipv4first'`. */
  readonly verbatim?: boolean | undefined;
}

/**
 * `dns.lookup` through a resolver: Node's `LookupFunction`, which `util.promisify` turns into the
 * same promise API as `dns.lookup` (`{ address, family }`, or the array with `all: true`).
 */
export interface ResolverLookup extends NetLookupFunction {
  /** With `all: true`: every address, as `util.promisify(dns.lookup)` gives them. */
  __promisify__(hostname: string, options: LookupOptions & { all: true }): Promise<LookupAddress[]>;
  /** Without `all`: the first address, `{ address, family }`. */
  __promisify__(
    hostname: string,
    options?: (LookupOptions & { all?: false }) | number,
  ): Promise<LookupOneAnswer>;
  /** With `all` known only at run time: either answer. */
  __promisify__(
    hostname: string,
    options?: LookupOptions | number,
  ): Promise<LookupOneAnswer | LookupAddress[]>;
}

/** A resolver: coalescing, an optional cache, and a cap on concurrent system lookups. */
export interface Resolver {
  /** Resolves a host and service to the addresses to try, in order; see resolve(). */
  resolve(
    host: string | null | undefined,
    service: string | number | null | undefined,
    hints?: ResolveHints,
  ): Promise<AddrInfo[]>;
  /**
   * A drop-in for `dns.lookup`: for net.connect, http.request, undici and anything else taking a
   * `lookup`; the same arguments, answers, errors and argument checks as the running Node's.
   */
  readonly lookup: ResolverLookup;
  /** `dns.promises.lookup` through this resolver. */
  readonly promises: ResolverPromises;
  /** Counters and current load. */
  stats(): ResolverStats;
  /** Forgets every cached answer (lookups in flight go on). */
  clear(): void;
}

/** One address from a lookup function, checked: a literal of the family it claims. */
export interface FoundAddress {
  readonly address: string;
  readonly family: 4 | 6;
  readonly scopeId?: string;
}

/** What findLocal() needs to know of the resolver asking. */
export interface NameSource {
  /** Whether the hosts file answers first when the hints do not say. */
  readonly hostsFile: boolean;
}

/** The addresses for a host, filtered, deduplicated and ordered, with the canonical name. */
export interface FoundHost {
  readonly addresses: readonly FoundAddress[];
  readonly canonName: string | undefined;
  /** True when the answer depends on nothing but the arguments (null hosts and IP literals). */
  readonly stable: boolean;
}
