import { lookup as dnsLookup } from 'node:dns';
import type { LookupTarget } from './call-lookup.js';
import type { Queued } from './internal/lookup-queue.js';
import type { LookupCallback } from './lookup-front.js';
import type { FoundAddress, LookupFunction, NormalizedHints } from './types.js';

/**
 * Receives the final addresses for one caller's hints, or the error, exactly once. `later` is true
 * when it is called outside any call into this resolver (from the lookup function's own callback,
 * on a later tick or promise job), so a callback may be answered at once instead of on a next tick.
 */
export type Answer = (
  err: unknown,
  addresses: readonly FoundAddress[] | undefined,
  later: boolean,
) => void;

/** One caller waiting on a flight, with its own hints, timer and abort listener. */
export class Request {
  readonly hints: NormalizedHints;
  /** The name as this caller spelled it, for its error messages. */
  readonly hostname: string;
  /** A resolve() caller's receiver; undefined for a dns.lookup caller. */
  readonly done: Answer | undefined;
  /** A dns.lookup caller's callback, answered with one address or all of them (`all`). */
  readonly callback: LookupCallback | undefined;
  readonly all: boolean;
  timer: NodeJS.Timeout | undefined = undefined;
  stopWatching: (() => void) | undefined = undefined;

  constructor(
    hints: NormalizedHints,
    hostname: string,
    done: Answer | undefined,
    callback: LookupCallback | undefined,
    all: boolean,
  ) {
    this.hints = hints;
    this.hostname = hostname;
    this.done = done;
    this.callback = callback;
    this.all = all;
  }
}

/** What a flight reports its lookup's outcome to. */
export interface FlightOwner {
  complete(flight: Flight, err: unknown, found: readonly FoundAddress[] | undefined): void;
}

/** One call of a lookup function, shared by every caller asking the same name and family. */
export class Flight implements Queued<Flight>, LookupTarget {
  readonly owner: FlightOwner;
  /** The flights of its lookup function and family, by lower-case name: where it is listed. */
  readonly table: FlightTable;
  readonly lower: string;
  readonly fn: LookupFunction;
  readonly fnId: number;
  readonly hostname: string;
  readonly family: 0 | 4 | 6;
  /** Runs on libuv's threadpool: counted against maxConcurrency, queued past it. */
  readonly threadpool: boolean;
  /** The first hint set asked through this flight: it gets its answer cached, even after a timeout. */
  readonly hints: NormalizedHints;
  /** The first caller waiting; most flights never have another. */
  first: Request | undefined = undefined;
  /** Callers that joined after the first one (made only when a second one joins). */
  more: Set<Request> | undefined = undefined;
  /** Other hint sets asked through it, by key (made only when a second one joins). */
  moreHints: Map<string, NormalizedHints> | undefined = undefined;
  started = false;
  /** The lookup function has answered (or failed); later answers are ignored. */
  settled = false;
  /** Left by every caller while running (injected lookups only): no longer counted in flight. */
  detached = false;
  // The queue is a doubly linked list, so a caller leaving takes constant time.
  prev: Flight | undefined = undefined;
  next: Flight | undefined = undefined;
  queued = false;

  constructor(
    owner: FlightOwner,
    table: FlightTable,
    lower: string,
    fn: LookupFunction,
    fnId: number,
    hostname: string,
    family: 0 | 4 | 6,
    threadpool: boolean,
    hints: NormalizedHints,
  ) {
    this.owner = owner;
    this.table = table;
    this.lower = lower;
    this.fn = fn;
    this.fnId = fnId;
    this.hostname = hostname;
    this.family = family;
    this.threadpool = threadpool;
    this.hints = hints;
  }

  found(err: unknown, found: readonly FoundAddress[] | undefined): void {
    this.owner.complete(this, err, found);
  }
}

/**
 * The flights of one lookup function and family, by lower-case name. Most of the time at most one
 * is in flight: it sits in a slot of its own, which spares a map entry made and dropped per lookup.
 */
export class FlightTable {
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

// Each lookup function gets a number, so that coalescing and the cache keep their answers apart.
const functionIds = new WeakMap<LookupFunction, number>();
let nextFunctionId = 0;
/** The number of a lookup function, the same for as long as the function lives. */
export function functionId(fn: LookupFunction): number {
  let id = functionIds.get(fn);
  if (id === undefined) {
    id = nextFunctionId++;
    functionIds.set(fn, id);
  }
  return id;
}

/** Node's own dns.lookup, which runs on libuv's threadpool. */
export const systemLookup = dnsLookup as unknown as LookupFunction;

/** Stops a caller's timer and abort listener: it has its answer. */
export function release(request: Request): void {
  if (request.timer !== undefined) clearTimeout(request.timer);
  request.stopWatching?.();
}
