import { SockError, toSockError } from '@sock/errors';
import type { AddrInfo } from './addrinfo.js';
import { memorize, remembered } from './answer-memo.js';
import { callLookup } from './call-lookup.js';
import {
  Flight,
  FlightTable,
  Request,
  functionId,
  release,
  systemLookup,
  type FlightOwner,
} from './flights.js';
import {
  checkHost,
  checkName,
  findListed,
  findLocal,
  finishRemote,
  toAddrInfos,
} from './find-host.js';
import { normalizeHints } from './hints.js';
import { parseIp } from './ip.js';
import { onAbort } from './internal/abort-group.js';
import { AnswerCache, type CacheEntry } from './internal/answer-cache.js';
import { LookupQueue } from './internal/lookup-queue.js';
import { renderValue } from '@sock/errors/unstable-do-not-import';
import { rejected } from './internal/rejected.js';
import { defaultMaxConcurrency } from './internal/threadpool.js';
import { asLookupError, type LookupCall } from './lookup-arguments.js';
import {
  answerNow,
  deliver,
  deliverNow,
  makeLookup,
  makePromisesLookup,
  type LookupCallback,
  type NameLookups,
} from './lookup-front.js';
import { checkService, type ServicePortsBySocktype } from './service-ports.js';
import { checkOptions } from './resolver-options.js';
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

/** A flight's outcome for one hint set that is an error. */
class Failure {
  readonly error: unknown;
  constructor(error: unknown) {
    this.error = error;
  }
}

/** A flight's outcome for one hint set: the addresses in their final order, or the error. */
type Answered = readonly FoundAddress[] | Failure;

class ResolverImpl implements Resolver, NameSource, NameLookups, FlightOwner {
  readonly hostsFile: boolean;
  readonly lookup: ResolverLookup;
  readonly promises: ResolverPromises;
  private readonly fn: LookupFunction;
  private readonly threadpool: boolean;
  /**
   * Flights in progress, by lookup function and family (`fnId * 8 + family`), then by lower-case
   * name: a number and a name the caller already has, so finding one builds no key string.
   */
  private readonly flights = new Map<number, FlightTable>();
  /** The own lookup function's tables, by family (0, 4, 6): found without the map. */
  private readonly ownFlights: readonly FlightTable[];
  private readonly answers: AnswerCache<readonly FoundAddress[]>;
  private readonly fnId: number;
  /** Threadpool lookups: the ones running and the ones waiting past maxConcurrency. */
  private readonly queue: LookupQueue<Flight>;
  private counters = {
    hits: 0,
    misses: 0,
    coalesced: 0,
    rejected: 0,
    timeouts: 0,
    hostsFile: 0,
  };
  /** Other lookups running. */
  private runningElsewhere = 0;
  /** How deep the stack is in calls of lookup functions, which may call back synchronously. */
  private calling = 0;
  /** The name lookupName() was asked last, in lower case, and whether it may be an IP literal. */
  private lastAsked = '';
  private lastLower = '';
  private lastMaybeLiteral = false;

  constructor(options: ResolverOptions) {
    this.fn = options.lookup ?? systemLookup;
    this.fnId = functionId(this.fn);
    const own: FlightTable[] = [];
    for (const family of [0, 4, 6]) {
      own[family] = new FlightTable();
      this.flights.set(this.fnId * 8 + family, own[family]);
    }
    this.ownFlights = own;
    const cacheTtl = options.cacheTtl ?? 0;
    this.answers = new AnswerCache(
      cacheTtl,
      options.negativeTtl ?? Math.min(cacheTtl, 1000),
      options.maxCacheEntries ?? 1000,
      this.fnId,
    );
    this.queue = new LookupQueue(
      options.maxConcurrency ?? defaultMaxConcurrency(),
      options.maxQueued ?? 1000,
    );
    this.threadpool = options.threadpool ?? this.fn === systemLookup;
    this.hostsFile = options.hostsFile ?? true;
    this.lookup = makeLookup(this);
    this.promises = { lookup: makePromisesLookup(this) };
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
      // Bad arguments are reported before an abort, as Node's own APIs do.
      const aborted = h.signal?.aborted === true;
      if (
        !aborted &&
        hints !== undefined &&
        !h.addrConfig &&
        (host == null || typeof host === 'string')
      ) {
        // Answers for null hosts and literals depend on the hints that shape them, not on the
        // signal, timeout or lookup: every hint set is remembered under its own key.
        variant = `${h.key}|${h.socktypes.join()}|${+h.passive}${+h.numericHost}${+h.numericService}${+h.canonName}`;
        const known = remembered(host, service, variant);
        if (known !== undefined) return Promise.resolve(known);
      }
      name = checkHost(host);
      ports = checkService(name, service, h);
      if (aborted) return rejected(h.signal!.reason);
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
      const done = (err: unknown, addresses: readonly FoundAddress[] | undefined): void => {
        // An abort reason or a lookup function's error is passed on as it is.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        if (addresses === undefined) reject(err);
        else resolve(toAddrInfos({ addresses, canonName, stable: false }, ports, socktypes));
      };
      this.remote(new Request(h, host_, done, undefined, false), host_.toLowerCase(), true);
    });
  }

  stats(): ResolverStats {
    return {
      ...this.counters,
      inFlight: this.queue.running + this.runningElsewhere,
      queued: this.queue.waiting,
    };
  }

  clear(): void {
    this.answers.clear();
  }

  /** A lookup of a non-empty host, as dns.lookup answers it: literals as given, names resolved. */
  lookupName(hostname: string, call: LookupCall, callback: LookupCallback): void {
    // Folding the case and looking for a colon cost more than the rest of a miss's checks: the
    // name asked last (an HTTP agent asks one name over and over) keeps what they found.
    if (hostname !== this.lastAsked) this.read(hostname);
    const lower = this.lastLower;
    // Literals and hosts-file names never enter the cache, so a cached name is neither.
    const answers = this.answers;
    if (answers.size > 0) {
      // The same name asked the same way as last time (the usual pattern of an HTTP agent):
      // its entry is at hand, without folding the name's case or two map lookups.
      answers.checkClock();
      const last = answers.lastEntry;
      let entry: CacheEntry<readonly FoundAddress[]> | undefined;
      if (
        last !== undefined &&
        last.live &&
        hostname === answers.lastName &&
        call.hints === answers.lastHints
      ) {
        last.used = true;
        entry = last;
      } else {
        entry = answers.get(this.fnId, call.hints.key, lower);
        if (entry !== undefined) {
          answers.lastEntry = entry;
          answers.lastName = hostname;
          answers.lastHints = call.hints;
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
    let local;
    try {
      if (this.lastMaybeLiteral) {
        // parseIp agrees with net.isIP on every input, and answers a repeated literal from a map.
        const literal = parseIp(hostname);
        if (literal !== undefined) {
          const { family } = literal;
          if (call.all) process.nextTick(callback, null, [{ address: hostname, family }]);
          else process.nextTick(callback, null, hostname, family);
          return;
        }
        local = findLocal(hostname, call.hints, this);
      } else local = findListed(hostname, lower, call.hints, this);
    } catch (err) {
      process.nextTick(callback, asLookupError(err, hostname));
      return;
    }
    if (local !== undefined) {
      if (!local.stable) this.counters.hostsFile++;
      deliver(callback, call.all, local.addresses);
      return;
    }
    // Whatever the cache holds for the name was looked for above.
    this.remote(new Request(call.hints, hostname, undefined, callback, call.all), lower, false);
  }

  /** Reads a name for lookupName(): its lower-case form, and whether it may be an IP literal. */
  private read(hostname: string): void {
    this.lastAsked = hostname;
    this.lastLower = hostname.toLowerCase();
    // Literals start with a digit (IPv4, inet_aton's forms) or hold a colon (IPv6); other names
    // skip their parse and go to the hosts file.
    const first = hostname.charCodeAt(0);
    this.lastMaybeLiteral = (first >= 48 && first <= 57) || hostname.includes(':');
  }

  /**
   * Gives a caller its answer: the final addresses for its hints, or the error. `later` is true
   * when this runs outside any call into this resolver (from the lookup function's own callback),
   * so a callback may be answered at once instead of on a next tick.
   */
  private answer(
    request: Request,
    err: unknown,
    addresses: readonly FoundAddress[] | undefined,
    later: boolean,
  ): void {
    const callback = request.callback;
    if (callback === undefined) {
      request.done!(err, addresses, later);
    } else if (addresses === undefined) {
      const error = asLookupError(err, request.hostname);
      if (later) answerNow(callback, error);
      else process.nextTick(callback, error);
    } else if (later) deliverNow(callback, request.all, addresses);
    else deliver(callback, request.all, addresses);
  }

  /**
   * The final addresses of a name for one hint set: from the cache, from a flight in progress, or
   * from a new call of the lookup function. `done` may be called before this returns.
   */
  private remote(request: Request, lower: string, cached: boolean): void {
    const { hints, hostname } = request;
    const fn = hints.lookup ?? this.fn;
    const own = fn === this.fn;
    const fnId = own ? this.fnId : functionId(fn);
    if (cached && this.answers.size > 0) {
      const entry = this.answers.get(fnId, hints.key, lower);
      if (entry !== undefined) {
        this.counters.hits++;
        this.answer(request, entry.error, entry.addresses, false);
        return;
      }
    }
    // With v4Mapped, IPv6 asks need the IPv4 answers too, to map them.
    const query = hints.family === 6 && hints.v4Mapped ? 0 : hints.family;
    const tableKey = fnId * 8 + query;
    let table = own ? this.ownFlights[query] : this.flights.get(tableKey);
    if (table === undefined) {
      table = new FlightTable();
      this.flights.set(tableKey, table);
    }
    let flight = table.get(lower);
    if (flight !== undefined) {
      this.counters.coalesced++;
      this.join(flight, request);
      return;
    }
    const threadpool = hints.lookup === undefined ? this.threadpool : fn === systemLookup;
    const queue = this.queue;
    const canStart = !threadpool || queue.hasRoom();
    if (!canStart && queue.full()) {
      this.counters.rejected++;
      this.answer(
        request,
        new SockError({
          code: 'ERR_SOCK_OVERLOADED',
          message: `The lookup of ${renderValue(hostname)} was refused: ${queue.running} lookups are running and ${queue.waiting} are queued, the most this resolver allows.`,
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
    flight = new Flight(this, table, lower, fn, fnId, hostname, query, threadpool, hints);
    table.add(flight);
    // The caller joins first: a lookup function may call back before it returns.
    this.join(flight, request);
    if (canStart) this.start(flight);
    else queue.add(flight);
  }

  private join(flight: Flight, request: Request): void {
    const hints = request.hints;
    if (flight.first === undefined && flight.more === undefined) flight.first = request;
    else (flight.more ??= new Set()).add(request);
    if (hints.key !== flight.hints.key && flight.moreHints?.has(hints.key) !== true) {
      (flight.moreHints ??= new Map()).set(hints.key, hints);
    }
    // Apart, so that a join without a timer or signal makes no closure context.
    if (hints.timeout !== undefined || hints.signal !== undefined) this.watch(flight, request);
  }

  /** Starts a caller's timer and abort listener, for the hints that ask for them. */
  private watch(flight: Flight, request: Request): void {
    const { timeout, signal } = request.hints;
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
    this.answer(request, reason, undefined, false);
    if (flight.first !== undefined || (flight.more !== undefined && flight.more.size > 0)) return;
    if (!flight.started) {
      // A queued lookup nobody waits for any more is never started.
      this.queue.remove(flight);
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

  private start(flight: Flight): void {
    flight.started = true;
    if (flight.threadpool) this.queue.running++;
    else this.runningElsewhere++;
    this.calling++;
    try {
      callLookup(flight.fn, flight.hostname, flight.family, flight);
    } finally {
      this.calling--;
    }
  }

  /** The lookup function's outcome for a flight: every caller answered, each for its hints. */
  complete(flight: Flight, err: unknown, found: readonly FoundAddress[] | undefined): void {
    if (!flight.detached) {
      if (flight.threadpool) this.queue.running--;
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
    const first = this.finalAnswer(flight, flight.hints, error, found, ordered);
    let others: Map<string, Answered> | undefined;
    if (flight.moreHints !== undefined) {
      others = new Map();
      for (const [key, hints] of flight.moreHints) {
        others.set(key, this.finalAnswer(flight, hints, error, found, ordered));
      }
    }
    // Called back outside any call into this resolver: callers may be answered at once.
    const later = this.calling === 0;
    const only = flight.first;
    flight.first = undefined;
    if (only !== undefined) this.answerFrom(flight, only, first, others, later);
    const more = flight.more;
    if (more !== undefined) {
      flight.more = undefined;
      for (const request of more) this.answerFrom(flight, request, first, others, later);
    }
    if (flight.threadpool) this.pump();
  }

  /** Answers one caller of a flight with the final answer for its hints. */
  private answerFrom(
    flight: Flight,
    request: Request,
    first: Answered,
    others: Map<string, Answered> | undefined,
    later: boolean,
  ): void {
    release(request);
    const answer =
      others === undefined || request.hints.key === flight.hints.key
        ? first
        : others.get(request.hints.key)!;
    if (answer instanceof Failure) this.answer(request, answer.error, undefined, later);
    else this.answer(request, null, answer, later);
  }

  /** The final answer of a flight for one hint set, remembered in the cache. */
  private finalAnswer(
    flight: Flight,
    hints: NormalizedHints,
    error: unknown,
    found: readonly FoundAddress[] | undefined,
    ordered: boolean,
  ): Answered {
    let failure = error;
    let addresses: readonly FoundAddress[] | undefined;
    if (failure === undefined) {
      try {
        addresses = finishRemote(flight.hostname, found!, hints, ordered);
      } catch (e) {
        failure = e;
      }
    }
    if (addresses !== undefined) {
      this.answers.remember(flight.fnId, hints.key, flight.lower, null, addresses);
      return addresses;
    }
    this.answers.remember(flight.fnId, hints.key, flight.lower, failure, undefined);
    return new Failure(failure);
  }

  private pump(): void {
    let next;
    while ((next = this.queue.takeIfRoom()) !== undefined) this.start(next);
  }
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

/** The resolver that resolve() uses unless the hints name another. */
export const defaultResolver: Resolver = createResolver();
