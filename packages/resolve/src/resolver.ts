import { lookup as dnsLookup, ADDRCONFIG, ALL, V4MAPPED, type LookupAddress } from 'node:dns';
import { addAbortListener } from 'node:events';
import type { LookupFunction as NetLookupFunction } from 'node:net';
import { SockError, toSockError } from '@sock/errors';
import type { AddrInfo } from './addrinfo.js';
import {
  normalizeHints,
  type LookupFunction,
  type NormalizedHints,
  type ResolveHints,
} from './hints.js';
import type { AddressOrder } from './order.js';
import { callLookup, type FoundAddress } from './internal/call-lookup.js';
import { describe } from './internal/parts-describe.js';
import {
  checkHost,
  findHost,
  findLocal,
  findRemote,
  toAddrInfos,
  type FoundHost,
  type NameSource,
} from './internal/pipeline.js';
import { memorize, remembered } from './internal/memo.js';
import { rejected } from './internal/rejected.js';
import { servicePorts, type ServicePortsBySocktype } from './internal/service.js';
import { defaultMaxConcurrency } from './internal/threadpool.js';

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
}

/** A resolver: coalescing, an optional cache, and a cap on concurrent system lookups. */
export interface Resolver {
  /** Resolves a host and service to the addresses to try, in order; see resolve(). */
  resolve(
    host: string | null | undefined,
    service: string | number | null | undefined,
    hints?: ResolveHints,
  ): Promise<AddrInfo[]>;
  /** A drop-in `lookup` for net.connect, http.request, undici and anything else taking one. */
  readonly lookup: NetLookupFunction;
  /** Counters and current load. */
  stats(): ResolverStats;
  /** Forgets every cached answer (lookups in flight go on). */
  clear(): void;
}

interface Waiter {
  resolve(found: readonly FoundAddress[]): void;
  reject(err: unknown): void;
}

interface Flight {
  readonly key: string;
  readonly fn: LookupFunction;
  readonly hostname: string;
  readonly family: 0 | 4 | 6;
  readonly waiters: Set<Waiter>;
  started: boolean;
}

interface CacheEntry {
  readonly expires: number;
  readonly found: readonly FoundAddress[] | undefined;
  readonly error: SockError | undefined;
}

// Codes that mean "this name has no address", safe to remember; anything else may pass.
const negativeCodes = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA']);
const optionKeys = new Set([
  'maxConcurrency',
  'maxQueued',
  'cacheTtl',
  'negativeTtl',
  'maxCacheEntries',
  'lookup',
  'hostsFile',
]);

// Each lookup function gets a number, so that coalescing and the cache keep their answers apart.
const functionIds = new WeakMap<LookupFunction, number>();
let nextFunctionId = 0;
function functionId(fn: LookupFunction): number {
  let id = functionIds.get(fn);
  if (id === undefined) {
    id = nextFunctionId++;
    functionIds.set(fn, id);
  }
  return id;
}

const systemLookup = dnsLookup as unknown as LookupFunction;

class ResolverImpl implements Resolver, NameSource {
  readonly hostsFile: boolean;
  private readonly maxConcurrency: number;
  private readonly maxQueued: number;
  private readonly cacheTtl: number;
  private readonly negativeTtl: number;
  private readonly maxCacheEntries: number;
  private readonly fn: LookupFunction;
  private readonly flights = new Map<string, Flight>();
  private readonly cache = new Map<string, CacheEntry>();
  private readonly queue: Flight[] = [];
  private queueHead = 0;
  private counters = { hits: 0, misses: 0, coalesced: 0, rejected: 0, timeouts: 0 };
  private running = 0;
  private waiting = 0;

  constructor(options: ResolverOptions) {
    this.maxConcurrency = options.maxConcurrency ?? defaultMaxConcurrency();
    this.maxQueued = options.maxQueued ?? 1000;
    this.cacheTtl = options.cacheTtl ?? 0;
    this.negativeTtl = options.negativeTtl ?? Math.min(this.cacheTtl, 1000);
    this.maxCacheEntries = options.maxCacheEntries ?? 1000;
    this.fn = options.lookup ?? systemLookup;
    this.hostsFile = options.hostsFile ?? true;
  }

  resolve(
    host: string | null | undefined,
    service: string | number | null | undefined,
    hints?: ResolveHints,
  ): Promise<AddrInfo[]> {
    // Not async: literals and hosts-file names are answered synchronously, and skipping the
    // async function's extra promise and microtask turns is most of their cost.
    if (hints === undefined) {
      const known = remembered(host, service);
      if (known !== undefined) return Promise.resolve(known);
    }
    let h: NormalizedHints;
    let name: string | null;
    let ports: ServicePortsBySocktype;
    try {
      h = normalizeHints(hints);
      if (h.resolver !== undefined && h.resolver !== this) {
        return h.resolver.resolve(host, service, { ...hints, resolver: undefined });
      }
      if (h.signal?.aborted === true) return rejected(h.signal.reason);
      name = checkHost(host);
      ports = checkService(name, service, h);
      const local = findLocal(name, h, this);
      if (local !== undefined) {
        const list = toAddrInfos(local, ports, h.socktypes);
        if (hints === undefined && local.stable) memorize(host, service, list);
        return Promise.resolve(list);
      }
    } catch (err) {
      return rejected(err);
    }
    const socktypes = h.socktypes;
    return findRemote(name!, h, this).then((found) => toAddrInfos(found, ports, socktypes));
  }

  readonly lookup: NetLookupFunction = (hostname, options, callback) => {
    let cb = callback as unknown;
    let opts: unknown = options;
    // The older shapes of dns.lookup: (host, callback) and (host, family, callback).
    if (typeof opts === 'function') {
      cb = opts;
      opts = {};
    } else if (typeof opts === 'number') opts = { family: opts };
    if (typeof cb !== 'function') {
      throw new SockError({
        code: 'ERR_SOCK_INVALID_ARGUMENT',
        message: `The lookup callback must be a function, got ${describe(cb)}.`,
      });
    }
    const done = cb as (err: unknown, address?: unknown, family?: number) => void;
    const o = (opts ?? {}) as {
      family?: unknown;
      hints?: unknown;
      all?: unknown;
      verbatim?: unknown;
      order?: unknown;
    };
    const flags = typeof o.hints === 'number' ? o.hints : 0;
    const all = o.all === true;
    const family = o.family === 'IPv4' ? 4 : o.family === 'IPv6' ? 6 : (o.family ?? 0);
    const order: AddressOrder =
      typeof o.order === 'string'
        ? (o.order as AddressOrder)
        : o.verbatim === true
          ? 'verbatim'
          : o.verbatim === false
            ? 'ipv4first'
            : 'rfc6724';
    let promise: Promise<FoundHost>;
    try {
      const h = normalizeHints({
        family: family as 0 | 4 | 6,
        order,
        addrConfig: (flags & ADDRCONFIG) !== 0,
        v4Mapped: (flags & V4MAPPED) !== 0,
        all: (flags & ALL) !== 0,
      });
      promise = findHost(checkHost(hostname), h, this);
    } catch (error) {
      promise = rejected(error);
    }
    promise.then(
      ({ addresses: found }) => {
        const text = (a: FoundAddress): string =>
          a.scopeId === undefined ? a.address : `${a.address}%${a.scopeId}`;
        // nextTick: an exception in the callback is the caller's, uncaught, as with dns.lookup.
        if (all) {
          const list: LookupAddress[] = found.map((a) => ({ address: text(a), family: a.family }));
          process.nextTick(done, null, list);
        } else {
          const first = found[0]!;
          process.nextTick(done, null, text(first), first.family);
        }
      },
      (error: unknown) => process.nextTick(done, error),
    );
  };

  stats(): ResolverStats {
    return { ...this.counters, inFlight: this.running, queued: this.waiting };
  }

  clear(): void {
    this.cache.clear();
  }

  systemOrdered(hints: NormalizedHints): boolean {
    return (hints.lookup ?? this.fn) === systemLookup;
  }

  system(
    hostname: string,
    family: 0 | 4 | 6,
    hints: NormalizedHints,
  ): Promise<readonly FoundAddress[]> {
    const fn = hints.lookup ?? this.fn;
    const key = `${functionId(fn)}|${family}|${hostname.toLowerCase()}`;
    if (this.cache.size > 0) {
      const entry = this.cache.get(key);
      if (entry !== undefined) {
        this.cache.delete(key);
        if (entry.expires > Date.now()) {
          this.cache.set(key, entry);
          this.counters.hits++;
          return entry.error === undefined
            ? Promise.resolve(entry.found!)
            : Promise.reject(entry.error);
        }
      }
    }
    const joined = this.flights.get(key);
    if (joined !== undefined) {
      this.counters.coalesced++;
      return this.wait(joined, hints);
    }
    const canStart = this.running < this.maxConcurrency;
    if (!canStart && this.waiting >= this.maxQueued) {
      this.counters.rejected++;
      return Promise.reject(
        new SockError({
          code: 'ERR_SOCK_OVERLOADED',
          message: `The lookup of ${describe(hostname)} was refused: ${this.running} lookups are running and ${this.waiting} are queued, the most this resolver allows.`,
          hint: 'Raise `maxQueued` or `maxConcurrency` in createResolver(), cache answers with `cacheTtl`, or slow down the callers.',
          hostname,
          syscall: 'getaddrinfo',
          transient: true,
        }),
      );
    }
    this.counters.misses++;
    const flight: Flight = { key, fn, hostname, family, waiters: new Set(), started: false };
    this.flights.set(key, flight);
    // The waiter goes in first: a lookup function may call back before it returns.
    const answer = this.wait(flight, hints);
    if (canStart) this.start(flight);
    else {
      this.queue.push(flight);
      this.waiting++;
    }
    return answer;
  }

  private wait(flight: Flight, hints: NormalizedHints): Promise<readonly FoundAddress[]> {
    const { signal, timeout } = hints;
    return new Promise<readonly FoundAddress[]>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let listener: Disposable | undefined;
      const cleanup = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        listener?.[Symbol.dispose]();
      };
      const waiter: Waiter = {
        resolve: (found) => {
          cleanup();
          resolve(found);
        },
        reject: (err) => {
          cleanup();
          // Whatever the error or abort reason is, it is passed on as it is.
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
          reject(err);
        },
      };
      flight.waiters.add(waiter);
      const leave = (err: unknown): void => {
        if (!flight.waiters.delete(waiter)) return;
        waiter.reject(err);
        if (flight.waiters.size === 0 && !flight.started) this.drop(flight);
      };
      if (timeout !== undefined) {
        timer = setTimeout(() => {
          this.counters.timeouts++;
          leave(
            new SockError({
              code: 'ETIMEDOUT',
              message: `The lookup of ${describe(flight.hostname)} timed out after ${timeout} ms.`,
              hint: 'The name server is slow or unreachable; retry later or raise the `timeout` hint.',
              syscall: 'getaddrinfo',
              hostname: flight.hostname,
              transient: true,
            }),
          );
        }, timeout);
      }
      if (signal !== undefined) {
        listener = addAbortListener(signal, () => leave(signal.reason));
      }
    });
  }

  // A queued lookup nobody waits for any more is never started.
  private drop(flight: Flight): void {
    this.flights.delete(flight.key);
    const index = this.queue.indexOf(flight, this.queueHead);
    if (index >= 0) {
      this.queue.splice(index, 1);
      this.waiting--;
    }
  }

  private start(flight: Flight): void {
    flight.started = true;
    this.running++;
    callLookup(flight.fn, flight.hostname, flight.family, (err, found) => {
      this.running--;
      this.flights.delete(flight.key);
      // toSockError() hands a SockError back as it is.
      const error =
        err === null || err === undefined
          ? undefined
          : toSockError(err, { hostname: flight.hostname, syscall: 'getaddrinfo' });
      this.remember(flight.key, found, error);
      for (const waiter of flight.waiters) {
        if (error === undefined) waiter.resolve(found!);
        else waiter.reject(error);
      }
      flight.waiters.clear();
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.maxConcurrency && this.queueHead < this.queue.length) {
      const next = this.queue[this.queueHead++]!;
      this.waiting--;
      this.start(next);
    }
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
  }

  private remember(
    key: string,
    found: readonly FoundAddress[] | undefined,
    error: SockError | undefined,
  ): void {
    const ttl =
      error === undefined ? this.cacheTtl : negativeCodes.has(error.code) ? this.negativeTtl : 0;
    if (ttl <= 0 || this.maxCacheEntries <= 0) return;
    this.cache.delete(key);
    this.cache.set(key, { expires: Date.now() + ttl, found, error });
    if (this.cache.size > this.maxCacheEntries) {
      const oldest = this.cache.keys().next();
      if (oldest.done !== true) this.cache.delete(oldest.value);
    }
  }
}

/** The ports for a service, checked against the host and the socket types asked for. */
function checkService(
  name: string | null,
  service: unknown,
  hints: NormalizedHints,
): ServicePortsBySocktype {
  const ports = servicePorts(service, hints.numericService);
  if (name === null && (service === null || service === undefined || service === '')) {
    throw new SockError({
      code: 'ERR_SOCK_INVALID_HOST',
      message: 'Give a host, a service, or both: getaddrinfo needs at least one.',
    });
  }
  const { socktypes } = hints;
  const offered =
    ports.stream !== undefined && ports.dgram !== undefined
      ? true
      : socktypes.some((t) => (t === 'stream' ? ports.stream : ports.dgram) !== undefined);
  if (!offered) {
    const only = ports.stream === undefined ? 'udp' : 'tcp';
    throw new SockError({
      code: 'ERR_SOCK_INVALID_SERVICE',
      message: `The service ${describe(service)} is offered on ${only} only, not for the socket type the hints ask for.`,
      hint: `Ask for the ${only === 'tcp' ? "'stream'" : "'dgram'"} socktype, or give a port number.`,
    });
  }
  return ports;
}

/**
 * Creates a resolver with its own cache, queue and cap on concurrent system lookups.
 *
 * @example
 * const resolver = createResolver({ cacheTtl: 30_000 });
 * await resolve('example.test', 443, { resolver });
 * http.get('http://example.test/', { lookup: resolver.lookup });
 */
export function createResolver(options: ResolverOptions = {}): Resolver {
  return new ResolverImpl(checkOptions(options));
}

function checkOptions(options: unknown): ResolverOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw invalidOption(`The resolver options must be an object, got ${describe(options)}.`);
  }
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!optionKeys.has(key)) {
      throw invalidOption(
        `The resolver has no option \`${key}\`.`,
        `Known options: ${[...optionKeys].join(', ')}.`,
      );
    }
  }
  integer(record, 'maxConcurrency', 1);
  integer(record, 'maxQueued', 0);
  integer(record, 'maxCacheEntries', 0);
  for (const key of ['cacheTtl', 'negativeTtl']) {
    const value = record[key];
    if (
      value !== undefined &&
      (typeof value !== 'number' || !(value >= 0) || !(value <= 2 ** 31 - 1))
    ) {
      throw invalidOption(
        `The \`${key}\` option must be a number of milliseconds from 0 to 2147483647, got ${describe(value)}.`,
      );
    }
  }
  if (record['lookup'] !== undefined && typeof record['lookup'] !== 'function') {
    throw invalidOption(
      `The \`lookup\` option must be a function, got ${describe(record['lookup'])}.`,
    );
  }
  if (record['hostsFile'] !== undefined && typeof record['hostsFile'] !== 'boolean') {
    throw invalidOption(
      `The \`hostsFile\` option must be true or false, got ${describe(record['hostsFile'])}.`,
    );
  }
  return options;
}

function integer(record: Record<string, unknown>, key: string, min: number): void {
  const value = record[key];
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalidOption(
      `The \`${key}\` option must be an integer of at least ${min}, got ${describe(value)}.`,
    );
  }
}

function invalidOption(message: string, hint?: string): SockError {
  return new SockError({ code: 'ERR_SOCK_INVALID_OPTION', message, hint });
}

/** The resolver that resolve() uses unless the hints name another. */
export const defaultResolver: Resolver = createResolver();
