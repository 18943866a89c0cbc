/** What the queue needs of an item: its links, so that leaving the queue takes constant time. */
export interface Queued<T> {
  prev: T | undefined;
  next: T | undefined;
  queued: boolean;
}

/**
 * The cap on threadpool lookups running at once and the queue of those waiting past it, a doubly
 * linked list through the items themselves, oldest first.
 */
export class LookupQueue<T extends Queued<T>> {
  /** Threadpool lookups running (the ones maxConcurrency caps). */
  running = 0;
  /** Lookups waiting for a free slot. */
  waiting = 0;
  head: T | undefined = undefined;
  private tail: T | undefined = undefined;
  private readonly maxConcurrency: number;
  private readonly maxQueued: number;

  constructor(maxConcurrency: number, maxQueued: number) {
    this.maxConcurrency = maxConcurrency;
    this.maxQueued = maxQueued;
  }

  /** Another threadpool lookup may start now. */
  hasRoom(): boolean {
    return this.running < this.maxConcurrency;
  }

  /** No other lookup may wait. */
  full(): boolean {
    return this.waiting >= this.maxQueued;
  }

  /** Puts an item at the end of the queue. */
  add(item: T): void {
    item.queued = true;
    item.prev = this.tail;
    if (this.tail === undefined) this.head = item;
    else this.tail.next = item;
    this.tail = item;
    this.waiting++;
  }

  /** Takes an item out of the queue, if it is queued. */
  remove(item: T): void {
    if (!item.queued) return;
    item.queued = false;
    if (item.prev === undefined) this.head = item.next;
    else item.prev.next = item.next;
    if (item.next === undefined) this.tail = item.prev;
    else item.next.prev = item.prev;
    item.prev = undefined;
    item.next = undefined;
    this.waiting--;
  }

  /** Takes the oldest item out when a slot is free for it; undefined otherwise. */
  takeIfRoom(): T | undefined {
    const next = this.head;
    if (next === undefined || this.running >= this.maxConcurrency) return undefined;
    this.remove(next);
    return next;
  }
}
