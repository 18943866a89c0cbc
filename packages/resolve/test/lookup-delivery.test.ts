import { describe, expect, it, vi } from 'vitest';
import { createResolver, type LookupFunction } from '@sock/resolve';

type Callback = (err: unknown, address?: unknown, family?: number) => void;
type Lookup = (hostname: string, options: object, callback: Callback) => void;

const answer = [{ address: '127.0.0.7', family: 4 }];

describe('resolver.lookup answering a miss', () => {
  it('never calls back before lookup() returns, even when the lookup function answers synchronously', async () => {
    const sync = ((_host: string, _options: object, callback: Callback) => {
      callback(null, answer);
    }) as unknown as LookupFunction;
    const lookup = createResolver({ lookup: sync }).lookup as unknown as Lookup;
    const events: string[] = [];
    const done = new Promise<unknown[]>((resolve) => {
      lookup('app.test', {}, (...args) => {
        events.push('callback');
        resolve(args);
      });
      events.push('returned');
    });
    expect(await done).toEqual([null, '127.0.0.7', 4]);
    expect(events).toEqual(['returned', 'callback']);
  });

  it('answers from the lookup function’s own callback, every caller of a shared call once', () => {
    let pending: Callback | undefined;
    const later = ((_host: string, _options: object, callback: Callback) => {
      pending = callback;
    }) as unknown as LookupFunction;
    const lookup = createResolver({ lookup: later }).lookup as unknown as Lookup;
    const got: unknown[][] = [];
    lookup('app.test', {}, (...args) => got.push(args));
    lookup('APP.test', { all: true }, (...args) => got.push(args));
    expect(got).toEqual([]);
    pending!(null, answer);
    // Called back within the lookup function's callback: no extra tick.
    expect(got).toEqual([
      [null, '127.0.0.7', 4],
      [null, [{ address: '127.0.0.7', family: 4 }]],
    ]);
  });

  it('leaves an exception thrown by a callback uncaught, and still answers the other callers', async () => {
    let pending: Callback | undefined;
    const later = ((_host: string, _options: object, callback: Callback) => {
      pending = callback;
    }) as unknown as LookupFunction;
    const lookup = createResolver({ lookup: later }).lookup as unknown as Lookup;
    const boom = new Error('thrown by the caller');
    const saved = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    try {
      const uncaught = new Promise<unknown>((resolve) => {
        process.once('uncaughtException', resolve);
      });
      const second = new Promise<unknown[]>((resolve) => {
        lookup('app.test', {}, () => {
          throw boom;
        });
        lookup('app.test', {}, (...args) => resolve(args));
      });
      pending!(null, answer);
      expect(await second).toEqual([null, '127.0.0.7', 4]);
      expect(await uncaught).toBe(boom);
    } finally {
      process.removeAllListeners('uncaughtException');
      for (const listener of saved) process.on('uncaughtException', listener);
    }
  });
});

describe('resolver.lookup answering the same name again from the cache', () => {
  const counting = () => {
    const calls: string[] = [];
    const fn = ((host: string, _options: object, callback: Callback) => {
      calls.push(host);
      process.nextTick(callback, null, answer);
    }) as unknown as LookupFunction;
    return { calls, fn };
  };
  const ask = (lookup: Lookup, host: string): Promise<unknown[]> =>
    new Promise((resolve) => lookup(host, {}, (...args) => resolve(args)));

  it('asks the function again once the answer expires, after clear(), and after eviction', async () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] });
    try {
      const { calls, fn } = counting();
      const resolver = createResolver({ lookup: fn, cacheTtl: 1000, maxCacheEntries: 1 });
      const lookup = resolver.lookup as unknown as Lookup;
      for (let i = 0; i < 3; i++)
        expect(await ask(lookup, 'app.test')).toEqual([null, '127.0.0.7', 4]);
      expect(calls).toEqual(['app.test']);
      vi.advanceTimersByTime(1001);
      await ask(lookup, 'app.test');
      await ask(lookup, 'app.test');
      expect(calls).toEqual(['app.test', 'app.test']);
      resolver.clear();
      await ask(lookup, 'app.test');
      expect(calls).toHaveLength(3);
      // One entry at most: another name evicts it, and the next ask reaches the function again.
      await ask(lookup, 'other.test');
      await ask(lookup, 'app.test');
      expect(calls).toEqual(['app.test', 'app.test', 'app.test', 'other.test', 'app.test']);
      expect(resolver.stats()).toMatchObject({ hits: 3, misses: 5 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps an answer to the end of its time to live and not past it', async () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] });
    try {
      const { calls, fn } = counting();
      const lookup = createResolver({ lookup: fn, cacheTtl: 1000 }).lookup as unknown as Lookup;
      await ask(lookup, 'app.test');
      vi.advanceTimersByTime(999);
      expect(await ask(lookup, 'app.test')).toEqual([null, '127.0.0.7', 4]);
      expect(calls).toHaveLength(1);
      vi.advanceTimersByTime(1);
      await ask(lookup, 'app.test');
      expect(calls).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reads no clock on a hit, and answers past the time to live until the event loop runs its timers', async () => {
    const { calls, fn } = counting();
    const lookup = createResolver({ lookup: fn, cacheTtl: 1 }).lookup as unknown as Lookup;
    await ask(lookup, 'app.test');
    const clock = vi.spyOn(performance, 'now');
    try {
      for (let i = 0; i < 100; i++) lookup('app.test', {}, () => undefined);
      expect(clock).not.toHaveBeenCalled();
    } finally {
      clock.mockRestore();
    }
    // Busy past the time to live, with no turn of the event loop: the answer is still given.
    const start = performance.now();
    while (performance.now() - start < 5);
    lookup('app.test', {}, () => undefined);
    expect(calls).toHaveLength(1);
    // The timer set for the end of the time to live runs before this later one.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await ask(lookup, 'app.test');
    expect(calls).toHaveLength(2);
  });

  it('leaves no timer that keeps the process running', async () => {
    const { fn } = counting();
    const lookup = createResolver({ lookup: fn, cacheTtl: 60_000 }).lookup as unknown as Lookup;
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    await ask(lookup, 'app.test');
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout')).toHaveLength(before);
  });

  it('takes an expired answer out within 1,024 reads when its timer never fires', async () => {
    const { calls, fn } = counting();
    const lookup = createResolver({ lookup: fn, cacheTtl: 1 }).lookup as unknown as Lookup;
    // A test's fake timers, put back before they run: the timer set for the answer is lost.
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] });
    try {
      await ask(lookup, 'app.test');
    } finally {
      vi.useRealTimers();
    }
    for (let i = 0; i < 1024 && calls.length === 1; i++) lookup('app.test', {}, () => undefined);
    expect(calls).toHaveLength(2);
  });

  it('keeps an answer for its time to live when the wall clock steps', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const { calls, fn } = counting();
      const lookup = createResolver({ lookup: fn, cacheTtl: 60_000 }).lookup as unknown as Lookup;
      await ask(lookup, 'app.test');
      vi.setSystemTime(Date.now() + 2 * 3600_000);
      await ask(lookup, 'app.test');
      vi.setSystemTime(Date.now() - 4 * 3600_000);
      await ask(lookup, 'app.test');
      expect(calls).toEqual(['app.test']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps answers apart by the options asked with and by the case of the name', async () => {
    const { calls, fn } = counting();
    const lookup = createResolver({ lookup: fn, cacheTtl: 60_000 }).lookup as unknown as Lookup;
    await ask(lookup, 'app.test');
    expect(await ask(lookup, 'APP.TEST')).toEqual([null, '127.0.0.7', 4]);
    const all = await new Promise<unknown[]>((resolve) =>
      lookup('app.test', { all: true }, (...args) => resolve(args)),
    );
    expect(all).toEqual([null, [{ address: '127.0.0.7', family: 4 }]]);
    const six = await new Promise<unknown[]>((resolve) =>
      lookup('app.test', { family: 6 }, (...args) => resolve(args)),
    );
    expect((six[0] as { code?: string }).code).toBe('ENOTFOUND');
    expect(calls).toEqual(['app.test', 'app.test']);
  });
});
