/** A final answer for one hint set: the addresses in their final order, or the error. */
export interface CacheEntry<A> {
  readonly expires: number;
  readonly addresses: A | undefined;
  readonly error: unknown;
  readonly byName: Map<string, CacheEntry<A>>;
  readonly lower: string;
  /** Hit since it was last considered for eviction. */
  used: boolean;
  /** Still in the cache: false once expired, replaced or evicted. */
  live: boolean;
}

// Codes that mean "this name has no address", safe to remember; anything else may pass.
const negativeCodes = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA']);

/**
 * Final answers by lookup function and hint set, then by lower-case name, kept for their time to
 * live and evicted oldest first past the cap, a recently hit entry getting a second chance.
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

  /** The last entry hit, still live and not expired, made the most recently used; else undefined. */
  stillFresh(entry: CacheEntry<A>): CacheEntry<A> | undefined {
    if (!entry.live) {
      this.lastEntry = undefined;
      return undefined;
    }
    if (entry.expires <= performance.now()) {
      entry.byName.delete(entry.lower);
      this.order.delete(entry);
      this.size--;
      entry.live = false;
      this.lastEntry = undefined;
      return undefined;
    }
    entry.used = true;
    return entry;
  }

  /** A live entry, made the most recently used; undefined when absent or expired. */
  get(fnId: number, hintsKey: string, lower: string): CacheEntry<A> | undefined {
    const byName = this.byKey.get(fnId === this.ownFnId ? hintsKey : `${fnId}|${hintsKey}`);
    const entry = byName?.get(lower);
    if (entry === undefined) return undefined;
    // The monotonic clock: a wall-clock step neither keeps answers forever nor drops them all,
    // and it is the cheaper read on a hit.
    if (entry.expires <= performance.now()) {
      byName!.delete(lower);
      this.order.delete(entry);
      this.size--;
      entry.live = false;
      return undefined;
    }
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
    const code = (error as { code?: unknown } | null)?.code;
    const ttl =
      error === null || error === undefined
        ? this.ttl
        : typeof code === 'string' && negativeCodes.has(code)
          ? this.negativeTtl
          : 0;
    if (ttl <= 0 || this.maxEntries <= 0) return;
    const mapKey = fnId === this.ownFnId ? hintsKey : `${fnId}|${hintsKey}`;
    let byName = this.byKey.get(mapKey);
    if (byName === undefined) {
      byName = new Map();
      this.byKey.set(mapKey, byName);
    }
    const old = byName.get(lower);
    if (old !== undefined) {
      this.order.delete(old);
      this.size--;
      old.live = false;
    }
    const entry: CacheEntry<A> = {
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
    this.size++;
    this.evict(entry);
  }

  /** Drops every entry. */
  clear(): void {
    this.byKey.clear();
    this.order.clear();
    this.size = 0;
    this.lastEntry = undefined;
  }

  /** Brings the cache back under its cap, never evicting `keep`, the entry just added. */
  private evict(keep: CacheEntry<A>): void {
    while (this.size > this.maxEntries) {
      const oldest = this.order.values().next().value!;
      this.order.delete(oldest);
      if (oldest.used && oldest !== keep) {
        oldest.used = false;
        this.order.add(oldest);
        continue;
      }
      oldest.byName.delete(oldest.lower);
      this.size--;
      oldest.live = false;
    }
  }
}
