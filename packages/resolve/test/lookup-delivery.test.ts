import { describe, expect, it } from 'vitest';
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

  it('answers from the lookup function’s own callback, every caller of a shared call once', async () => {
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
