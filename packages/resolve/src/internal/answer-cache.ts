/** A final answer for one hint set: the addresses in their final order, or the error. */
export interface CacheEntry<A> {
  readonly expires: number;
  readonly addresses: A | undefined;
  readonly error: unknown;
  readonly byName: Map<string, CacheEntry<A>>;
  readonly lower: string;
  /** The entries of the same time to live, in the order they expire. */
  readonly expiring: Set<CacheEntry<A>>;
  /** Hit since it was last considered for eviction. */
  used: boolean;
  /** Still in the cache: false once expired, replaced, evicted or cleared. */
  live: boolean;
}

// A timer lost to fake timers in a test would keep answers for good: every this many reads, one
// reads the clock and takes out what the timer should have.
const CLOCK_READ_EVERY = 1024;

// Codes that mean "this name has no address", safe to remember; anything else may pass.
const negativeCodes = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA']);

/**
 * Final answers by lookup function and hint set, then by lower-case name, kept for their time to
 * live and evicted oldest first past the cap, a recently hit entry getting a second chance.
 *
 * A hit reads no clock: one unref'd timer, set for the end of the earliest time to live, takes
 * expired entries out. So an answer is given until the event loop runs its timers after its time
 * to live ends: at once on an idle loop, later while the loop is busy (a synchronous loop, a long
 * chain of ticks or promise jobs), or until one of the next 1,024 reads of the cache, which reads
 * the clock once. An entry never goes early.
 */
export class AnswerCache<A> {
  /** Entries held: zero means every lookup can skip the cache. */
  size = 0;
  /** The entry last hit through lookup(), with the name and hint set it was asked by. */
  lastEntry: CacheEntry<A> | undefined = undefined;
  lastName: string | undefined = undefined;
  lastHints: object | undefined = undefined;
  /** By lookup function and hint set (`fnId|hints.key`, the own function's by `hints.key`). */
  private readonly byKey = new Map<string, Map<string, CacheEntry<A>>>();
  /** Every entry, oldest first. */
  private readonly order = new Set<CacheEntry<A>>();
  // Each kind of answer has one time to live, so entries added one after another (on a monotonic
  // clock) expire in the order they were added: each list's first entry is its next to expire.
  private readonly positive = new Set<CacheEntry<A>>();
  private readonly negative = new Set<CacheEntry<A>>();
  private timer: NodeJS.Timeout | undefined = undefined;
  /** When the timer fires (performance.now() time), Infinity when none is set. */
  private timerAt = Infinity;
  /** Reads since the clock was last read for the timer's sake. */
  private unchecked = 0;
  private readonly ttl: number;
  private readonly negativeTtl: number;
  private readonly maxEntries: number;
  private readonly ownFnId: number;

  constructor(ttl: number, negativeTtl: number, maxEntries: number, ownFnId: number) {
    this.ttl = ttl;
    this.negativeTtl = negativeTtl;
    this.maxEntries = maxEntries;
    this.ownFnId = ownFnId;
  }

  /** Counts a read; every 1,024 reads, takes out what a timer that never fired should have. */
  checkClock(): void {
    if (++this.unchecked < CLOCK_READ_EVERY) return;
    this.unchecked = 0;
    if (this.timerAt <= performance.now()) this.sweep();
  }

  /** A live entry, made the most recently used; undefined when absent or expired. */
  get(fnId: number, hintsKey: string, lower: string): CacheEntry<A> | undefined {
    this.checkClock();
    const byName = this.byKey.get(fnId === this.ownFnId ? hintsKey : `${fnId}|${hintsKey}`);
    const entry = byName?.get(lower);
    if (entry === undefined) return undefined;
    // Eviction gives a used entry a second chance (the CLOCK approximation of least recently
    // used): a hit only sets a flag, which costs far less than moving the entry.
    entry.used = true;
    return entry;
  }

  /** Remembers an answer for its time to live: addresses, or an error that says "no address". */
  remember(
    fnId: number,
    hintsKey: string,
    lower: string,
    error: unknown,
    addresses: A | undefined,
  ): void {
    const ok = error === null || error === undefined;
    let ttl = this.ttl;
    if (!ok) {
      const code = (error as { code?: unknown }).code;
      ttl = typeof code === 'string' && negativeCodes.has(code) ? this.negativeTtl : 0;
    }
    if (ttl <= 0 || this.maxEntries <= 0) return;
    const mapKey = fnId === this.ownFnId ? hintsKey : `${fnId}|${hintsKey}`;
    let byName = this.byKey.get(mapKey);
    if (byName === undefined) {
      byName = new Map();
      this.byKey.set(mapKey, byName);
    }
    const old = byName.get(lower);
    if (old !== undefined) this.drop(old);
    // The monotonic clock: a wall-clock step neither keeps answers forever nor drops them all.
    const now = performance.now();
    if (this.timerAt <= now) this.sweep();
    const expires = now + ttl;
    const entry: CacheEntry<A> = {
      expires,
      addresses,
      error,
      byName,
      lower,
      expiring: ok ? this.positive : this.negative,
      used: false,
      live: true,
    };
    byName.set(lower, entry);
    this.order.add(entry);
    entry.expiring.add(entry);
    this.size++;
    this.evict(entry);
    if (expires < this.timerAt) this.arm(expires);
  }

  /** Drops every entry. */
  clear(): void {
    for (const entry of this.order) entry.live = false;
    this.byKey.clear();
    this.order.clear();
    this.positive.clear();
    this.negative.clear();
    this.size = 0;
    this.lastEntry = undefined;
    this.disarm();
  }

  /** Takes an entry out of the cache. */
  private drop(entry: CacheEntry<A>): void {
    if (entry.byName.get(entry.lower) === entry) entry.byName.delete(entry.lower);
    this.order.delete(entry);
    entry.expiring.delete(entry);
    this.size--;
    entry.live = false;
  }

  /** Brings the cache back under its cap, never evicting `keep`, the entry just added. */
  private evict(keep: CacheEntry<A>): void {
    while (this.size > this.maxEntries) {
      const oldest = this.order.values().next().value!;
      if (oldest.used && oldest !== keep) {
        this.order.delete(oldest);
        oldest.used = false;
        this.order.add(oldest);
        continue;
      }
      this.drop(oldest);
    }
  }

  /** Sets the timer for `at`, replacing one set for later. */
  private arm(at: number): void {
    this.disarm();
    this.timerAt = at;
    // Whole milliseconds, at least one: a timer may fire a little early, the sweep checks again.
    const delay = Math.max(1, Math.ceil(at - performance.now()));
    this.timer = setTimeout(sweep, delay, this);
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  /** Takes out what has expired, then sets the timer for the next entry to expire. */
  sweep(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = performance.now();
    const next = Math.min(this.expire(this.positive, now), this.expire(this.negative, now));
    if (next !== Infinity) this.arm(next);
  }

  /** Drops the expired entries of one list; when the next one expires, or Infinity. */
  private expire(list: Set<CacheEntry<A>>, now: number): number {
    for (const entry of list) {
      if (entry.expires > now) return entry.expires;
      this.drop(entry);
      if (this.lastEntry === entry) this.lastEntry = undefined;
    }
    return Infinity;
  }
}

// A function of its own rather than a closure: the timer holds the cache and nothing else.
function sweep(cache: AnswerCache<unknown>): void {
  cache.sweep();
}
