import { describe, expect, it } from 'vitest';
import { createResolver, defaultResolver, type LookupFunction } from '@sock/resolve';
import { fakeLookup, rejection } from './support.js';

const hang: LookupFunction = () => undefined;

describe('a lookup that never calls back', () => {
  it('does not wedge the default resolver: two hung injected calls, then other names', async () => {
    const before = defaultResolver.stats().inFlight;
    const hung = ['hung1.test', 'hung2.test'].map((name) =>
      rejection(defaultResolver.resolve(name, 80, { lookup: hang, timeout: 10 })),
    );
    for (const err of await Promise.all(hung)) expect(err.code).toBe('ETIMEDOUT');
    // Timed-out injected calls give their place back at once.
    expect(defaultResolver.stats().inFlight).toBe(before);
    const fake = fakeLookup({ 'next.test': [{ address: '127.0.0.7', family: 4 }] });
    const [answer] = await defaultResolver.resolve('next.test', 80, { lookup: fake.fn });
    expect(answer!.address).toBe('127.0.0.7');
    // The system resolver still answers too (localhost through getaddrinfo).
    const system = await defaultResolver.resolve('localhost', 80, { hostsFile: false });
    expect(system.length).toBeGreaterThan(0);
  });

  it('is not joined by a later caller once every caller of it has left', async () => {
    let calls = 0;
    const once: LookupFunction = (_host, _options, callback) => {
      calls++;
      if (calls > 1) callback(null, [{ address: '127.0.0.8', family: 4 }]);
    };
    const resolver = createResolver({ lookup: once });
    await rejection(resolver.resolve('flaky.test', 80, { timeout: 10 }));
    const [answer] = await resolver.resolve('flaky.test', 80);
    expect(answer!.address).toBe('127.0.0.8');
    expect(calls).toBe(2);
  });

  it('holds its threadpool slot when it runs on the threadpool, as getaddrinfo would', async () => {
    const fake = fakeLookup({ 'slow.test': 'hold', 'other.test': 'hold' });
    const resolver = createResolver({ lookup: fake.fn, threadpool: true, maxConcurrency: 1 });
    await rejection(resolver.resolve('slow.test', 80, { timeout: 10 }));
    const other = resolver.resolve('other.test', 80);
    expect(resolver.stats()).toMatchObject({ inFlight: 1, queued: 1 });
    fake.release();
    await Promise.resolve();
    fake.release();
    expect((await other)[0]!.address).toBe('127.0.0.9');
  });
});

describe('the threadpool cap', () => {
  it('leaves injected lookups alone: 1,002 of them all start at once', async () => {
    const table: Record<string, 'hold'> = {};
    for (let i = 0; i < 1002; i++) table[`n${i}.test`] = 'hold';
    const fake = fakeLookup(table);
    const resolver = createResolver({ lookup: fake.fn });
    const all = Object.keys(table).map((name) => resolver.resolve(name, 80));
    expect(fake.calls).toHaveLength(1002);
    expect(resolver.stats()).toMatchObject({ inFlight: 1002, queued: 0, rejected: 0 });
    fake.release();
    expect(await Promise.all(all)).toHaveLength(1002);
    expect(resolver.stats()).toMatchObject({ inFlight: 0, queued: 0 });
  });
});

describe('the queue of threadpool lookups', () => {
  it('lets 50,000 queued lookups leave on timeout, and never starts them', async () => {
    const table: Record<string, 'hold'> = { 'busy.test': 'hold' };
    const fake = fakeLookup(table);
    const resolver = createResolver({
      lookup: fake.fn,
      threadpool: true,
      maxConcurrency: 1,
      maxQueued: 60_000,
    });
    const busy = resolver.resolve('busy.test', 80);
    const queued = Array.from({ length: 50_000 }, (_, i) =>
      resolver.resolve(`q${i}.test`, 80, { timeout: 5 }).then(
        () => 'answered',
        () => 'left',
      ),
    );
    expect(resolver.stats().queued).toBe(50_000);
    expect(new Set(await Promise.all(queued))).toEqual(new Set(['left']));
    expect(resolver.stats().queued).toBe(0);
    fake.release();
    await busy;
    expect(fake.calls.map((c) => c.hostname)).toEqual(['busy.test']);
  });

  it('lets 50,000 queued lookups sharing one AbortSignal leave on abort', async () => {
    const fake = fakeLookup({ 'busy.test': 'hold' });
    const resolver = createResolver({
      lookup: fake.fn,
      threadpool: true,
      maxConcurrency: 1,
      maxQueued: 60_000,
    });
    const busy = resolver.resolve('busy.test', 80);
    const controller = new AbortController();
    const queued = Array.from({ length: 50_000 }, (_, i) =>
      resolver.resolve(`s${i}.test`, 80, { signal: controller.signal }).then(
        () => 'answered',
        () => 'left',
      ),
    );
    expect(resolver.stats().queued).toBe(50_000);
    controller.abort();
    expect(resolver.stats().queued).toBe(0);
    expect(new Set(await Promise.all(queued))).toEqual(new Set(['left']));
    fake.release();
    await busy;
    expect(fake.calls.map((c) => c.hostname)).toEqual(['busy.test']);
  });

  it('keeps the order of those that stay when some in the middle leave', async () => {
    const fake = fakeLookup({
      'a.test': 'hold',
      'b.test': 'hold',
      'c.test': 'hold',
      'd.test': 'hold',
    });
    const resolver = createResolver({ lookup: fake.fn, threadpool: true, maxConcurrency: 1 });
    const controller = new AbortController();
    const a = resolver.resolve('a.test', 80);
    const b = resolver.resolve('b.test', 80, { signal: controller.signal });
    const c = resolver.resolve('c.test', 80);
    const d = resolver.resolve('d.test', 80);
    controller.abort();
    await expect(b).rejects.toThrow();
    for (const p of [a, c, d]) {
      fake.release();
      await p;
    }
    expect(fake.calls.map((call) => call.hostname)).toEqual(['a.test', 'c.test', 'd.test']);
  });
});
