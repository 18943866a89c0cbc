import { lookup as dnsLookup, promises as dnsPromises, type LookupAddress } from 'node:dns';
import { promisify } from 'node:util';
import { SockError, toSockError } from '@sock/errors';
import type { AddrInfo } from './addrinfo.js';
import { memorize, remembered } from './answer-memo.js';
import { callLookup } from './call-lookup.js';
import { checkHost, checkName, findLocal, finishRemote, toAddrInfos } from './find-host.js';
import { normalizeHints } from './hints.js';
import { parseIp } from './ip.js';
import { onAbort } from './internal/abort-group.js';
import {
  MAX_TIMEOUT,
  invalidOption,
  renderValue,
  validateBoolean,
  validateFunction,
  validateInteger,
  validateKnownKeys,
  validateOptionsObject,
} from '@sock/errors/unstable-do-not-import';
import { rejected } from './internal/rejected.js';
import { defaultMaxConcurrency } from './internal/threadpool.js';
import {
  asLookupError,
  readLookupOptions,
  throwAsDnsLookup,
  throwAsDnsPromisesLookup,
  type LookupCall,
} from './lookup-arguments.js';
import { servicePorts, type ServicePortsBySocktype } from './service-ports.js';
import type {
  FoundAddress,
  LookupFunction,
  NameSource,
  NormalizedHints,
  ResolveHints,
  Resolver,
  ResolverLookup,
  ResolverOptions,
  ResolverPromises,
  ResolverStats,
} from './types.js';

/**
 * Receives the final addresses for one caller's hints, or the error, exactly once. `later` is true
 * when it is called outside any call into this resolver (from the lookup function's own callback,
 * on a later tick or promise job), so a callback may be answered at once instead of on a next tick.
 */
type Answer = (
  err: unknown,
  addresses: readonly FoundAddress[] | undefined,
  later: boolean,
) => void;

/** One caller waiting on a flight, with its own hints, timer and abort listener. */
interface Request {
  readonly hints: NormalizedHints;
  readonly done: Answer;
  timer: NodeJS.Timeout | undefined;
  stopWatching: (() => void) | undefined;
}

/** One call of a lookup function, shared by every caller asking the same name and family. */
interface Flight {
  /** The flights of its lookup function and family, by lower-case name: where it is listed. */
  readonly table: FlightTable;
  readonly lower: string;
  readonly fn: LookupFunction;
  readonly fnId: number;
  readonly hostname: string;
  readonly family: 0 | 4 | 6;
  /** Runs on libuv's threadpool: counted against maxConcurrency, queued past it. */
  readonly threadpool: boolean;
  /** The first caller waiting; most flights never have another. */
  first: Request | undefined;
  /** Callers that joined after the first one (made only when a second one joins). */
  more: Set<Request> | undefined;
  /** The first hint set asked through this flight: it gets its answer cached, even after a timeout. */
  readonly hints: NormalizedHints;
  /** Other hint sets asked through it, by key (made only when a second one joins). */
  moreHints: Map<string, NormalizedHints> | undefined;
  started: boolean;
  /** Left by every caller while running (injected lookups only): no longer counted in flight. */
  detached: boolean;
  // The queue is a doubly linked list, so a caller leaving takes constant time.
  prev: Flight | undefined;
  next: Flight | undefined;
  queued: boolean;
}

/**
 * The flights of one lookup function and family, by lower-case name. Most of the time at most one
 * is in flight: it sits in a slot of its own, which spares a map entry made and dropped per lookup.
 */
class FlightTable {
  private solo: Flight | undefined = undefined;
  private readonly others = new Map<string, Flight>();

  get(lower: string): Flight | undefined {
    const solo = this.solo;
    if (solo !== undefined && solo.lower === lower) return solo;
    return this.others.size === 0 ? undefined : this.others.get(lower);
  }

  /** Lists a flight for a name that has none listed. */
  add(flight: Flight): void {
    if (this.solo === undefined) this.solo = flight;
    else this.others.set(flight.lower, flight);
  }

  /** Takes a flight off, if it is the one listed for its name. */
  remove(flight: Flight): void {
    if (this.solo === flight) this.solo = undefined;
    else if (this.others.get(flight.lower) === flight) this.others.delete(flight.lower);
  }

  empty(): boolean {
    return this.solo === undefined && this.others.size === 0;
  }
}

/** A flight's outcome for one hint set: the addresses in their final order, or the error. */
interface Answered {
  readonly error: unknown;
  readonly addresses: readonly FoundAddress[] | undefined;
}

/** A final answer for one hint set: the addresses in their final order, or the error. */
interface CacheEntry {
  readonly expires: number;
  readonly addresses: readonly FoundAddress[] | undefined;
  readonly error: unknown;
  readonly byName: Map<string, CacheEntry>;
  readonly lower: string;
  /** Hit since it was last considered for eviction. */
  used: boolean;
  /** Still in the cache: false once expired, replaced or evicted. */
  live: boolean;
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
  'threadpool',
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

type LookupCallback = (err: unknown, address?: unknown, family?: number) => void;

const addressText = (a: FoundAddress): string =>
  a.scopeId === undefined ? a.address : `${a.address}%${a.scopeId}`;

/** Calls back as dns.lookup does: on the next tick, one address or all of them. */
function deliver(callback: LookupCallback, all: boolean, addresses: readonly FoundAddress[]): void {
  // nextTick: an exception in the callback is the caller's, uncaught, as with dns.lookup.
  if (all) {
    const list: LookupAddress[] = new Array<LookupAddress>(addresses.length);
    for (let i = 0; i < addresses.length; i++) {
      const a = addresses[i]!;
      list[i] = { address: addressText(a), family: a.family };
    }
    process.nextTick(callback, null, list);
  } else {
    const first = addresses[0]!;
    process.nextTick(callback, null, addressText(first), first.family);
  }
}

/**
 * Calls back at once, from a lookup function's own callback (never inside the caller's call, so
 * never synchronously for it): one tick fewer than deliver(). An exception in the callback stays
 * the caller's and uncaught, as with dns.lookup, without cutting short the answers to other callers.
 */
function deliverNow(
  callback: LookupCallback,
  all: boolean,
  addresses: readonly FoundAddress[],
): void {
  if (all) {
    const list: LookupAddress[] = new Array<LookupAddress>(addresses.length);
    for (let i = 0; i < addresses.length; i++) {
      const a = addresses[i]!;
      list[i] = { address: addressText(a), family: a.family };
    }
    answerNow(callback, null, list);
  } else {
    const first = addresses[0]!;
    answerNow(callback, null, addressText(first), first.family);
  }
}

function answerNow(
  callback: LookupCallback,
  err: unknown,
  address?: unknown,
  family?: number,
): void {
  try {
    if (address === undefined) callback(err);
    else if (family === undefined) callback(err, address);
    else callback(err, address, family);
  } catch (thrown) {
    process.nextTick(rethrow, thrown);
  }
}

function rethrow(thrown: unknown): never {
  throw thrown;
}

class ResolverImpl implements Resolver, NameSource {
  readonly hostsFile: boolean;
  readonly lookup: ResolverLookup;
  readonly promises: ResolverPromises;
  private readonly maxConcurrency: number;
  private readonly maxQueued: number;
  private readonly cacheTtl: number;
  private readonly negativeTtl: number;
  private readonly maxCacheEntries: number;
  private readonly fn: LookupFunction;
  private readonly threadpool: boolean;
  /**
   * Flights in progress, by lookup function and family (`fnId * 8 + family`), then by lower-case
   * name: a number and a name the caller already has, so finding one builds no key string.
   */
  private readonly flights = new Map<number, FlightTable>();
  /** Final answers: by lookup function and hint set (`fnId|hints.key`), then by lower-case name. */
  private readonly cache = new Map<string, Map<string, CacheEntry>>();
  private cacheSize = 0;
  /** Every cache entry, oldest first. */
  private readonly order = new Set<CacheEntry>();
  private readonly fnId: number;
  private queueHead: Flight | undefined;
  private queueTail: Flight | undefined;
  private counters = {
    hits: 0,
    misses: 0,
    coalesced: 0,
    rejected: 0,
    timeouts: 0,
    hostsFile: 0,
  };
  /** Threadpool lookups running (the ones maxConcurrency caps). */
  private running = 0;
  /** Other lookups running. */
  private runningElsewhere = 0;
  private waiting = 0;
  /** The cache entry last hit through lookup(), with the name and hint set it was asked by. */
  private lastEntry: CacheEntry | undefined = undefined;
  private lastName: string | undefined = undefined;
  private lastHints: NormalizedHints | undefined = undefined;
  /** How deep the stack is in calls of lookup functions, which may call back synchronously. */
  private calling = 0;

  constructor(options: ResolverOptions) {
    this.maxConcurrency = options.maxConcurrency ?? defaultMaxConcurrency();
    this.maxQueued = options.maxQueued ?? 1000;
    this.cacheTtl = options.cacheTtl ?? 0;
    this.negativeTtl = options.negativeTtl ?? Math.min(this.cacheTtl, 1000);
    this.maxCacheEntries = options.maxCacheEntries ?? 1000;
    this.fn = options.lookup ?? systemLookup;
    this.fnId = functionId(this.fn);
    this.threadpool = options.threadpool ?? this.fn === systemLookup;
    this.hostsFile = options.hostsFile ?? true;
    this.lookup = this.makeLookup();
    this.promises = { lookup: this.makePromisesLookup() };
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
    let variant: string | undefined;
    try {
      h = normalizeHints(hints);
      if (h.resolver !== undefined && h.resolver !== this) {
        return h.resolver.resolve(host, service, { ...hints, resolver: undefined });
      }
      if (h.signal?.aborted === true) return rejected(h.signal.reason);
      if (hints !== undefined && !h.addrConfig && (host == null || typeof host === 'string')) {
        // Answers for null hosts and literals depend on the hints that shape them, not on the
        // signal, timeout or lookup: every hint set is remembered under its own key.
        variant = `${h.key}|${h.socktypes.join()}|${+h.passive}${+h.numericHost}${+h.numericService}${+h.canonName}`;
        const known = remembered(host, service, variant);
        if (known !== undefined) return Promise.resolve(known);
      }
      name = checkHost(host);
      ports = checkService(name, service, h);
      const local = findLocal(name, h, this);
      if (local !== undefined) {
        const list = toAddrInfos(local, ports, h.socktypes);
        if (local.stable) {
          if (hints === undefined) memorize(host, service, list);
          else if (variant !== undefined) memorize(host, service, list, variant);
        } else this.counters.hostsFile++;
        return Promise.resolve(list);
      }
      checkName(name!);
    } catch (err) {
      return rejected(err);
    }
    const host_ = name!;
    const canonName = h.canonName ? host_ : undefined;
    const socktypes = h.socktypes;
    return new Promise<AddrInfo[]>((resolve, reject) => {
      this.remote(host_, h, (err, addresses) => {
        // An abort reason or a lookup function's error is passed on as it is.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        if (addresses === undefined) reject(err);
        else resolve(toAddrInfos({ addresses, canonName, stable: false }, ports, socktypes));
      });
    });
  }

  stats(): ResolverStats {
    return {
      ...this.counters,
      inFlight: this.running + this.runningElsewhere,
      queued: this.waiting,
    };
  }

  clear(): void {
    this.cache.clear();
    this.order.clear();
    this.cacheSize = 0;
    this.lastEntry = undefined;
  }

  /** dns.lookup, argument checks and all, answered through this resolver. */
  private makeLookup(): ResolverLookup {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- `lookup` is called unbound.
    const resolver = this;
    const lookup = function lookup(
      hostname: unknown,
      options?: unknown,
      callback?: unknown,
    ): unknown {
      const call = readLookupOptions(options, callback, true);
      if (call === undefined || (Boolean(hostname) && typeof hostname !== 'string')) {
        // eslint-disable-next-line prefer-rest-params -- Node's checks depend on the arity.
        throwAsDnsLookup(arguments);
        // eslint-disable-next-line prefer-rest-params
        return (dnsLookup as (...a: unknown[]) => unknown)(...(Array.from(arguments) as unknown[]));
      }
      const cb = (typeof options === 'function' ? options : callback) as LookupCallback;
      if (!hostname) {
        // Node answers falsy hosts itself, with its one-time deprecation warning (DEP0118).
        // eslint-disable-next-line prefer-rest-params
        return (dnsLookup as (...a: unknown[]) => unknown)(...(Array.from(arguments) as unknown[]));
      }
      resolver.lookupName(hostname as string, call, cb);
      return {};
    };
    const callable: (...a: unknown[]) => unknown = lookup;
    const promised = (...args: unknown[]): Promise<unknown> =>
      new Promise((resolve, reject) => {
        callable(...args, (err: unknown, ...values: unknown[]) => {
          // As util.promisify(dns.lookup): `{ address, family }`, or the one value (`all`).
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as given.
          if (err !== null && err !== undefined) reject(err);
          else resolve(values.length > 1 ? { address: values[0], family: values[1] } : values[0]);
        });
      });
    Object.defineProperty(lookup, promisify.custom, { value: promised });
    Object.defineProperty(lookup, '__promisify__', { value: promised });
    return lookup as unknown as ResolverLookup;
  }

  /** dns.promises.lookup, answered through this resolver. */
  private makePromisesLookup(): ResolverPromises['lookup'] {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- `lookup` is called unbound.
    const resolver = this;
    const lookup = function lookup(hostname: unknown, options?: unknown): Promise<unknown> {
      const call = readLookupOptions(options, undefined, false);
      if (call === undefined || (Boolean(hostname) && typeof hostname !== 'string')) {
        // eslint-disable-next-line prefer-rest-params -- Node's checks depend on the arity.
        throwAsDnsPromisesLookup(arguments);
        return (dnsPromises.lookup as (...a: unknown[]) => Promise<unknown>)(hostname, options);
      }
      if (!hostname) {
        return (dnsPromises.lookup as (...a: unknown[]) => Promise<unknown>)(hostname, options);
      }
      return new Promise((resolve, reject) => {
        resolver.lookupName(hostname as string, call, (err, address, family) => {
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as given.
          if (err !== null && err !== undefined) reject(err);
          else resolve(call.all ? address : { address, family });
        });
      });
    };
    return lookup as ResolverPromises['lookup'];
  }

  /** A lookup of a non-empty host, as dns.lookup answers it: literals as given, names resolved. */
  private lookupName(hostname: string, call: LookupCall, callback: LookupCallback): void {
    // Literals and hosts-file names never enter the cache, so a cached name is neither.
    if (this.cacheSize > 0) {
      // The same name asked the same way as last time (the usual pattern of an HTTP agent):
      // its entry is at hand, without folding the name's case or two map lookups.
      const last = this.lastEntry;
      let entry: CacheEntry | undefined;
      if (last !== undefined && hostname === this.lastName && call.hints === this.lastHints) {
        entry = this.stillFresh(last);
      } else {
        entry = this.cached(this.fnId, call.hints.key, hostname.toLowerCase());
        if (entry !== undefined) {
          this.lastEntry = entry;
          this.lastName = hostname;
          this.lastHints = call.hints;
        }
      }
      if (entry !== undefined) {
        this.counters.hits++;
        if (entry.addresses === undefined) {
          process.nextTick(callback, asLookupError(entry.error, hostname));
        } else deliver(callback, call.all, entry.addresses);
        return;
      }
    }
    // parseIp agrees with net.isIP on every input, and answers a repeated literal from a map.
    const literal = parseIp(hostname);
    if (literal !== undefined) {
      const { family } = literal;
      if (call.all) process.nextTick(callback, null, [{ address: hostname, family }]);
      else process.nextTick(callback, null, hostname, family);
      return;
    }
    let local;
    try {
      local = findLocal(hostname, call.hints, this);
    } catch (err) {
      process.nextTick(callback, asLookupError(err, hostname));
      return;
    }
    if (local !== undefined) {
      if (!local.stable) this.counters.hostsFile++;
      deliver(callback, call.all, local.addresses);
      return;
    }
    this.remote(hostname, call.hints, (err, addresses, later) => {
      if (addresses === undefined) {
        const error = asLookupError(err, hostname);
        if (later) answerNow(callback, error);
        else process.nextTick(callback, error);
      } else if (later) deliverNow(callback, call.all, addresses);
      else deliver(callback, call.all, addresses);
    });
  }

  /**
   * The final addresses of a name for one hint set: from the cache, from a flight in progress, or
   * from a new call of the lookup function. `done` may be called before this returns.
   */
  private remote(
    hostname: string,
    hints: NormalizedHints,
    done: Answer,
    lower = hostname.toLowerCase(),
  ): void {
    const fn = hints.lookup ?? this.fn;
    const fnId = fn === this.fn ? this.fnId : functionId(fn);
    if (this.cacheSize > 0) {
      const entry = this.cached(fnId, hints.key, lower);
      if (entry !== undefined) {
        this.counters.hits++;
        done(entry.error, entry.addresses, false);
        return;
      }
    }
    // With v4Mapped, IPv6 asks need the IPv4 answers too, to map them.
    const query = hints.family === 6 && hints.v4Mapped ? 0 : hints.family;
    const tableKey = fnId * 8 + query;
    let table = this.flights.get(tableKey);
    if (table === undefined) {
      table = new FlightTable();
      this.flights.set(tableKey, table);
    }
    let flight = table.get(lower);
    if (flight !== undefined) {
      this.counters.coalesced++;
      this.join(flight, hints, done);
      return;
    }
    const threadpool = hints.lookup === undefined ? this.threadpool : fn === systemLookup;
    const canStart = !threadpool || this.running < this.maxConcurrency;
    if (!canStart && this.waiting >= this.maxQueued) {
      this.counters.rejected++;
      done(
        new SockError({
          code: 'ERR_SOCK_OVERLOADED',
          message: `The lookup of ${renderValue(hostname)} was refused: ${this.running} lookups are running and ${this.waiting} are queued, the most this resolver allows.`,
          hint: 'Raise `maxQueued` or `maxConcurrency` in createResolver(), cache answers with `cacheTtl`, or slow down the callers.',
          hostname,
          syscall: 'getaddrinfo',
          transient: true,
        }),
        undefined,
        false,
      );
      return;
    }
    this.counters.misses++;
    flight = {
      table,
      lower,
      fn,
      fnId,
      hostname,
      family: query,
      threadpool,
      first: undefined,
      more: undefined,
      hints,
      moreHints: undefined,
      started: false,
      detached: false,
      prev: undefined,
      next: undefined,
      queued: false,
    };
    table.add(flight);
    // The caller joins first: a lookup function may call back before it returns.
    this.join(flight, hints, done);
    if (canStart) this.start(flight);
    else this.enqueue(flight);
  }

  private join(flight: Flight, hints: NormalizedHints, done: Answer): void {
    const request: Request = { hints, done, timer: undefined, stopWatching: undefined };
    if (flight.first === undefined && flight.more === undefined) flight.first = request;
    else (flight.more ??= new Set()).add(request);
    if (hints.key !== flight.hints.key && flight.moreHints?.has(hints.key) !== true) {
      (flight.moreHints ??= new Map()).set(hints.key, hints);
    }
    const { timeout, signal } = hints;
    if (timeout !== undefined) {
      request.timer = setTimeout(() => {
        this.counters.timeouts++;
        this.leave(
          flight,
          request,
          new SockError({
            code: 'ETIMEDOUT',
            message: `The lookup of ${renderValue(flight.hostname)} timed out after ${timeout} ms.`,
            hint: 'The name server is slow or unreachable; retry later or raise the `timeout` hint.',
            syscall: 'getaddrinfo',
            hostname: flight.hostname,
            transient: true,
          }),
        );
      }, timeout);
    }
    if (signal !== undefined) {
      request.stopWatching = onAbort(signal, () => this.leave(flight, request, signal.reason));
    }
  }

  /** A caller gives up (timeout or abort): it is answered now, and the flight may go with it. */
  private leave(flight: Flight, request: Request, reason: unknown): void {
    if (flight.first === request) flight.first = undefined;
    else if (flight.more?.delete(request) !== true) return;
    release(request);
    request.done(reason, undefined, false);
    if (flight.first !== undefined || (flight.more !== undefined && flight.more.size > 0)) return;
    if (!flight.started) {
      // A queued lookup nobody waits for any more is never started.
      this.dequeue(flight);
      this.unlist(flight);
    } else if (!flight.threadpool && !flight.detached) {
      // A lookup function off the threadpool holds nothing a later lookup needs: the next caller
      // starts a fresh call instead of joining one that may never answer.
      flight.detached = true;
      this.runningElsewhere--;
      this.unlist(flight);
    }
  }

  /** Takes a flight off the list callers join; a table of another lookup function goes when empty. */
  private unlist(flight: Flight): void {
    flight.table.remove(flight);
    if (flight.table.empty() && flight.fnId !== this.fnId) {
      this.flights.delete(flight.fnId * 8 + flight.family);
    }
  }

  private enqueue(flight: Flight): void {
    flight.queued = true;
    flight.prev = this.queueTail;
    if (this.queueTail === undefined) this.queueHead = flight;
    else this.queueTail.next = flight;
    this.queueTail = flight;
    this.waiting++;
  }

  private dequeue(flight: Flight): void {
    if (!flight.queued) return;
    flight.queued = false;
    if (flight.prev === undefined) this.queueHead = flight.next;
    else flight.prev.next = flight.next;
    if (flight.next === undefined) this.queueTail = flight.prev;
    else flight.next.prev = flight.prev;
    flight.prev = undefined;
    flight.next = undefined;
    this.waiting--;
  }

  private start(flight: Flight): void {
    flight.started = true;
    if (flight.threadpool) this.running++;
    else this.runningElsewhere++;
    this.calling++;
    try {
      callLookup(flight.fn, flight.hostname, flight.family, (err, found) =>
        this.complete(flight, err, found),
      );
    } finally {
      this.calling--;
    }
  }

  private complete(flight: Flight, err: unknown, found: readonly FoundAddress[] | undefined): void {
    if (!flight.detached) {
      if (flight.threadpool) this.running--;
      else this.runningElsewhere--;
      this.unlist(flight);
    }
    // toSockError() hands a SockError back as it is.
    const error =
      err === null || err === undefined
        ? undefined
        : toSockError(err, { hostname: flight.hostname, syscall: 'getaddrinfo' });
    // One final answer per hint set asked, cached even when its callers have left.
    const ordered = flight.fn === systemLookup;
    const first = this.answer(flight, flight.hints, error, found, ordered);
    let others: Map<string, Answered> | undefined;
    if (flight.moreHints !== undefined) {
      others = new Map();
      for (const [key, hints] of flight.moreHints) {
        others.set(key, this.answer(flight, hints, error, found, ordered));
      }
    }
    // Called back outside any call into this resolver: callers may be answered at once.
    const later = this.calling === 0;
    const answerOne = (request: Request): void => {
      release(request);
      const answer =
        others === undefined || request.hints.key === flight.hints.key
          ? first
          : others.get(request.hints.key)!;
      request.done(answer.error, answer.addresses, later);
    };
    const only = flight.first;
    flight.first = undefined;
    if (only !== undefined) answerOne(only);
    const more = flight.more;
    if (more !== undefined) {
      flight.more = undefined;
      for (const request of more) answerOne(request);
    }
    if (flight.threadpool) this.pump();
  }

  /** The final answer of a flight for one hint set, remembered in the cache. */
  private answer(
    flight: Flight,
    hints: NormalizedHints,
    error: unknown,
    found: readonly FoundAddress[] | undefined,
    ordered: boolean,
  ): Answered {
    let answer: Answered;
    if (error !== undefined) answer = { error, addresses: undefined };
    else {
      try {
        answer = { error: null, addresses: finishRemote(flight.hostname, found!, hints, ordered) };
      } catch (e) {
        answer = { error: e, addresses: undefined };
      }
    }
    this.remember(flight.fnId, hints.key, flight.lower, answer.error, answer.addresses);
    return answer;
  }

  private pump(): void {
    while (this.running < this.maxConcurrency && this.queueHead !== undefined) {
      const next = this.queueHead;
      this.dequeue(next);
      this.start(next);
    }
  }

  /** The last entry hit, still live and not expired, made the most recently used; else undefined. */
  private stillFresh(entry: CacheEntry): CacheEntry | undefined {
    if (!entry.live) {
      this.lastEntry = undefined;
      return undefined;
    }
    if (entry.expires <= performance.now()) {
      entry.byName.delete(entry.lower);
      this.order.delete(entry);
      this.cacheSize--;
      entry.live = false;
      this.lastEntry = undefined;
      return undefined;
    }
    entry.used = true;
    return entry;
  }

  /** A live cache entry, made the most recently used; undefined when absent or expired. */
  private cached(fnId: number, hintsKey: string, lower: string): CacheEntry | undefined {
    const byName = this.cache.get(fnId === this.fnId ? hintsKey : `${fnId}|${hintsKey}`);
    const entry = byName?.get(lower);
    if (entry === undefined) return undefined;
    // The monotonic clock: a wall-clock step neither keeps answers forever nor drops them all,
    // and it is the cheaper read on a hit.
    if (entry.expires <= performance.now()) {
      byName!.delete(lower);
      this.order.delete(entry);
      this.cacheSize--;
      entry.live = false;
      return undefined;
    }
    // Eviction gives a used entry a second chance (the CLOCK approximation of least recently
    // used): a hit only sets a flag, which costs far less than moving the entry.
    entry.used = true;
    return entry;
  }

  private remember(
    fnId: number,
    hintsKey: string,
    lower: string,
    error: unknown,
    addresses: readonly FoundAddress[] | undefined,
  ): void {
    const code = (error as { code?: unknown } | null)?.code;
    const ttl =
      error === null || error === undefined
        ? this.cacheTtl
        : typeof code === 'string' && negativeCodes.has(code)
          ? this.negativeTtl
          : 0;
    if (ttl <= 0 || this.maxCacheEntries <= 0) return;
    const mapKey = fnId === this.fnId ? hintsKey : `${fnId}|${hintsKey}`;
    let byName = this.cache.get(mapKey);
    if (byName === undefined) {
      byName = new Map();
      this.cache.set(mapKey, byName);
    }
    const old = byName.get(lower);
    if (old !== undefined) {
      this.order.delete(old);
      this.cacheSize--;
      old.live = false;
    }
    const entry: CacheEntry = {
      expires: performance.now() + ttl,
      addresses,
      error,
      byName,
      lower,
      used: false,
      live: true,
    };
    byName.set(lower, entry);
    this.order.add(entry);
    this.cacheSize++;
    while (this.cacheSize > this.maxCacheEntries) {
      const oldest = this.order.values().next().value!;
      this.order.delete(oldest);
      if (oldest.used && oldest !== entry) {
        oldest.used = false;
        this.order.add(oldest);
        continue;
      }
      oldest.byName.delete(oldest.lower);
      this.cacheSize--;
      oldest.live = false;
    }
  }
}

function release(request: Request): void {
  if (request.timer !== undefined) clearTimeout(request.timer);
  request.stopWatching?.();
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
      message: `The service ${renderValue(service)} is offered on ${only} only, not for the socket type the hints ask for.`,
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
  if (options === null) return {};
  const record = validateOptionsObject(options, 'options', 'ERR_SOCK_INVALID_OPTION') as
    Record<string, unknown> | undefined;
  if (record === undefined) return {};
  validateKnownKeys(record, [...optionKeys], 'createResolver()');
  validateInteger(record['maxConcurrency'], 'maxConcurrency', 1, Number.MAX_SAFE_INTEGER);
  validateInteger(record['maxQueued'], 'maxQueued', 0, Number.MAX_SAFE_INTEGER);
  validateInteger(record['maxCacheEntries'], 'maxCacheEntries', 0, Number.MAX_SAFE_INTEGER);
  for (const key of ['cacheTtl', 'negativeTtl']) {
    const value = record[key];
    if (
      value !== undefined &&
      (typeof value !== 'number' || !(value >= 0) || !(value <= MAX_TIMEOUT))
    ) {
      throw invalidOption(key, `a number of milliseconds from 0 to ${MAX_TIMEOUT}`, value);
    }
  }
  validateFunction(record['lookup'], 'lookup');
  validateBoolean(record['hostsFile'], 'hostsFile');
  validateBoolean(record['threadpool'], 'threadpool');
  return record;
}

/** The resolver that resolve() uses unless the hints name another. */
export const defaultResolver: Resolver = createResolver();
