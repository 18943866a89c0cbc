import { connect, createServer, type AddressInfo } from 'node:net';
import { lookup as dnsLookup } from 'node:dns';
import { once } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { isSockError } from '@sock/errors';
import { createResolver, openHostsFile, type Resolver } from '@sock/resolve';
import { fakeLookup, rejection, resourceCount, settle, watchUnhandled } from './support.js';

const one = [{ address: '192.0.2.1', family: 4 }];

describe('createResolver: coalescing and cache', () => {
  it('makes one call for 100 concurrent lookups of one name', async () => {
    const fake = fakeLookup({ 'slow.test': 'hold' });
    const resolver = createResolver({ lookup: fake.fn });
    const all = Array.from({ length: 100 }, () => resolver.resolve('slow.test', 80));
    await settle(5);
    expect(fake.calls).toHaveLength(1);
    expect(resolver.stats()).toMatchObject({ misses: 1, coalesced: 99, inFlight: 1 });
    fake.release();
    const results = await Promise.all(all);
    expect(new Set(results.map((r) => r[0]!.address))).toEqual(new Set(['127.0.0.9']));
    expect(resolver.stats()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('calls again without a cache, and not while the cache holds the answer', async () => {
    const fake = fakeLookup({ 'a.test': one });
    const plain = createResolver({ lookup: fake.fn });
    await plain.resolve('a.test', 80);
    await plain.resolve('a.test', 80);
    expect(fake.calls).toHaveLength(2);

    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] });
    try {
      const cached = createResolver({ lookup: fake.fn, cacheTtl: 1000 });
      await cached.resolve('a.test', 80);
      await cached.resolve('A.TEST', 80);
      expect(fake.calls).toHaveLength(3);
      expect(cached.stats()).toMatchObject({ hits: 1, misses: 1 });
      vi.advanceTimersByTime(1001);
      await cached.resolve('a.test', 80);
      expect(fake.calls).toHaveLength(4);
      cached.clear();
      await cached.resolve('a.test', 80);
      expect(fake.calls).toHaveLength(5);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps "not found" for the shorter negative TTL, and transient failures not at all', async () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] });
    try {
      const again = Object.assign(new Error('try again'), { code: 'EAI_AGAIN' });
      const fake = fakeLookup({ 'flaky.test': again });
      const resolver = createResolver({ lookup: fake.fn, cacheTtl: 10_000, negativeTtl: 100 });
      expect((await rejection(resolver.resolve('gone.test', 80))).code).toBe('ENOTFOUND');
      expect((await rejection(resolver.resolve('gone.test', 80))).code).toBe('ENOTFOUND');
      expect(fake.calls).toHaveLength(1);
      vi.advanceTimersByTime(101);
      await rejection(resolver.resolve('gone.test', 80));
      expect(fake.calls).toHaveLength(2);
      await rejection(resolver.resolve('flaky.test', 80));
      await rejection(resolver.resolve('flaky.test', 80));
      expect(fake.calls).toHaveLength(4);
    } finally {
      vi.useRealTimers();
    }
  });

  it('evicts the least recently used entry past maxCacheEntries', async () => {
    const fake = fakeLookup({ 'a.test': one, 'b.test': one, 'c.test': one });
    const resolver = createResolver({ lookup: fake.fn, cacheTtl: 60_000, maxCacheEntries: 2 });
    await resolver.resolve('a.test', 1);
    await resolver.resolve('b.test', 1);
    await resolver.resolve('a.test', 1);
    await resolver.resolve('c.test', 1);
    await resolver.resolve('a.test', 1);
    expect(fake.calls.map((c) => c.hostname)).toEqual(['a.test', 'b.test', 'c.test']);
    await resolver.resolve('b.test', 1);
    expect(fake.calls).toHaveLength(4);
  });
});

describe('createResolver: concurrency cap and queue', () => {
  it('runs at most maxConcurrency lookups and queues the rest in order', async () => {
    const fake = fakeLookup({ 'n1.test': 'hold', 'n2.test': 'hold', 'n3.test': 'hold' });
    const resolver = createResolver({ lookup: fake.fn, maxConcurrency: 2, threadpool: true });
    const all = ['n1.test', 'n2.test', 'n3.test'].map((n) => resolver.resolve(n, 80));
    await settle(5);
    expect(fake.calls.map((c) => c.hostname)).toEqual(['n1.test', 'n2.test']);
    expect(resolver.stats()).toMatchObject({ inFlight: 2, queued: 1 });
    fake.release();
    await settle(5);
    expect(fake.calls.map((c) => c.hostname)).toEqual(['n1.test', 'n2.test', 'n3.test']);
    fake.release();
    await Promise.all(all);
    expect(resolver.stats()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('refuses at once past maxQueued with ERR_SOCK_OVERLOADED', async () => {
    const fake = fakeLookup({});
    const table: Record<string, 'hold'> = {};
    for (let i = 0; i < 5; i++) table[`q${i}.test`] = 'hold';
    const held = fakeLookup(table);
    const resolver = createResolver({
      lookup: held.fn,
      maxConcurrency: 1,
      maxQueued: 2,
      threadpool: true,
    });
    const accepted = [0, 1, 2].map((i) => resolver.resolve(`q${i}.test`, 80));
    const err = await rejection(resolver.resolve('q3.test', 80));
    expect(err.code).toBe('ERR_SOCK_OVERLOADED');
    expect(err.message).toContain("'q3.test'");
    // A name already in flight joins it rather than queueing.
    const joined = resolver.resolve('q0.test', 80);
    expect(resolver.stats()).toMatchObject({ rejected: 1, queued: 2, inFlight: 1, coalesced: 1 });
    for (let i = 0; i < 3; i++) {
      held.release();
      await settle(5);
    }
    await Promise.all([...accepted, joined]);
    void fake;
  });

  it('with maxQueued 0, refuses whatever cannot start at once', async () => {
    const fake = fakeLookup({ 'z1.test': 'hold', 'z2.test': 'hold' });
    const resolver = createResolver({
      lookup: fake.fn,
      maxConcurrency: 1,
      maxQueued: 0,
      threadpool: true,
    });
    const running = resolver.resolve('z1.test', 1);
    expect((await rejection(resolver.resolve('z2.test', 1))).code).toBe('ERR_SOCK_OVERLOADED');
    // Literals and hosts-file names never queue, so they are never refused.
    expect(await resolver.resolve('127.0.0.1', 1, { socktype: 'stream' })).toHaveLength(1);
    fake.release();
    await running;
  });

  it('reads the default cap from UV_THREADPOOL_SIZE', async () => {
    const before = process.env['UV_THREADPOOL_SIZE'];
    process.env['UV_THREADPOOL_SIZE'] = '8';
    try {
      const table: Record<string, 'hold'> = {};
      for (let i = 0; i < 8; i++) table[`t${i}.test`] = 'hold';
      const fake = fakeLookup(table);
      const resolver = createResolver({ lookup: fake.fn, threadpool: true });
      const all = Object.keys(table).map((n) => resolver.resolve(n, 1));
      await settle(5);
      // libuv runs at most (8 + 1) / 2 = 4 slow jobs at once.
      expect(resolver.stats()).toMatchObject({ inFlight: 4, queued: 4 });
      fake.release();
      await settle(5);
      fake.release();
      await Promise.all(all);
    } finally {
      if (before === undefined) delete process.env['UV_THREADPOOL_SIZE'];
      else process.env['UV_THREADPOOL_SIZE'] = before;
    }
  });

  it('rejects bad options naming them', () => {
    const bad: unknown[] = [
      { maxConcurrency: 0 },
      { maxQueued: -1 },
      { cacheTtl: -5 },
      { negativeTtl: 'x' },
      { maxCacheEntries: 1.5 },
      { lookup: 1 },
      { hostsFile: 'no' },
      { cacheTTL: 5 },
      'options',
    ];
    for (const options of bad) {
      let caught: unknown;
      try {
        createResolver(options as never);
      } catch (err) {
        caught = err;
      }
      expect(isSockError(caught)).toBe(true);
      expect((caught as { code: string }).code).toBe('ERR_SOCK_INVALID_OPTION');
    }
  });

  it('never throws anything but a SockError for arbitrary options', () => {
    fc.assert(
      fc.property(fc.anything(), (options) => {
        try {
          createResolver(options as never);
        } catch (err) {
          if (!isSockError(err)) throw err;
        }
      }),
    );
  });
});

describe('createResolver: timeout and abort', () => {
  it('times out at once, leaves nothing unhandled, and still fills the cache', async () => {
    using unhandled = watchUnhandled();
    const fake = fakeLookup({ 'late.test': 'hold' });
    const resolver = createResolver({ lookup: fake.fn, cacheTtl: 60_000, threadpool: true });
    const err = await rejection(resolver.resolve('late.test', 80, { timeout: 20 }));
    expect(err).toMatchObject({ code: 'ETIMEDOUT', transient: true, hostname: 'late.test' });
    // A threadpool lookup still holds its thread, so it keeps its slot until it returns.
    expect(resolver.stats()).toMatchObject({ timeouts: 1, inFlight: 1 });
    fake.release();
    await settle();
    expect(resolver.stats().inFlight).toBe(0);
    expect((await resolver.resolve('late.test', 80))[0]!.address).toBe('127.0.0.9');
    expect(resolver.stats().hits).toBe(1);
    expect(unhandled.seen).toEqual([]);
  });

  it('rejects with the signal reason on abort; the late failure is not unhandled', async () => {
    using unhandled = watchUnhandled();
    let fail: ((err: Error) => void) | undefined;
    const lookup = (_h: string, _o: unknown, cb: (err: Error) => void): void => {
      fail = cb;
    };
    const resolver = createResolver({ lookup: lookup as never });
    const controller = new AbortController();
    const pending = resolver.resolve('abort.test', 80, { signal: controller.signal });
    const reason = new Error('user gave up');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    fail!(Object.assign(new Error('late'), { code: 'ENOTFOUND' }));
    await settle();
    expect(unhandled.seen).toEqual([]);
  });

  it('lets other waiters of a coalesced lookup go on when one times out', async () => {
    const fake = fakeLookup({ 'shared.test': 'hold' });
    const resolver = createResolver({ lookup: fake.fn });
    const patient = resolver.resolve('shared.test', 80);
    await rejection(resolver.resolve('shared.test', 80, { timeout: 10 }));
    fake.release();
    expect((await patient)[0]!.address).toBe('127.0.0.9');
  });

  it('never starts a queued lookup that every caller left', async () => {
    const fake = fakeLookup({ 'busy.test': 'hold', 'left.test': 'hold' });
    const resolver = createResolver({ lookup: fake.fn, maxConcurrency: 1, threadpool: true });
    const busy = resolver.resolve('busy.test', 80);
    const controller = new AbortController();
    const left = resolver.resolve('left.test', 80, { signal: controller.signal });
    controller.abort();
    await expect(left).rejects.toThrow();
    expect(resolver.stats().queued).toBe(0);
    fake.release();
    await busy;
    await settle(5);
    expect(fake.calls.map((c) => c.hostname)).toEqual(['busy.test']);
  });

  it('leaks no timers, listeners or handles', async () => {
    const fake = fakeLookup({ 'leak.test': one, 'hang.test': 'hang' });
    const resolver = createResolver({ lookup: fake.fn });
    await resolver.resolve('leak.test', 80);
    await settle();
    const before = resourceCount();
    const controller = new AbortController();
    for (let i = 0; i < 50; i++) {
      await resolver.resolve('leak.test', 80, { timeout: 60_000, signal: controller.signal });
    }
    await rejection(resolver.resolve('hang.test', 80, { timeout: 5 }));
    await settle();
    const after = resourceCount();
    expect(after.fds).toBeLessThanOrEqual(before.fds);
    expect(after.resources).toBeLessThanOrEqual(before.resources);
  });
});

describe('createResolver: where names are answered', () => {
  const localhostInHosts = openHostsFile().lookup('localhost') !== undefined;

  it.skipIf(!localhostInHosts)('answers hosts-file names without the lookup function', async () => {
    const fake = fakeLookup({});
    const resolver = createResolver({ lookup: fake.fn });
    const list = await resolver.resolve('LOCALHOST', 80, { socktype: 'stream' });
    expect(list.length).toBeGreaterThan(0);
    expect(fake.calls).toEqual([]);
    expect(resolver.stats()).toMatchObject({ hits: 0, misses: 0 });
  });

  it('asks the lookup function when the hosts file is turned off', async () => {
    const fake = fakeLookup({ localhost: [{ address: '127.0.0.5', family: 4 }] });
    const off = createResolver({ lookup: fake.fn, hostsFile: false });
    expect((await off.resolve('localhost', 80))[0]!.address).toBe('127.0.0.5');
    const on = createResolver({ lookup: fake.fn });
    const hinted = await on.resolve('localhost', 80, { hostsFile: false });
    expect(hinted[0]!.address).toBe('127.0.0.5');
    expect(fake.calls).toHaveLength(2);
  });

  it('resolves localhost through the real dns.lookup with the hosts file off', async () => {
    const resolver = createResolver({ hostsFile: false });
    const list = await resolver.resolve('localhost', 80, { socktype: 'stream' });
    for (const a of list) expect(['127.0.0.1', '::1']).toContain(a.address);
    expect(resolver.stats().misses).toBe(1);
  });

  it('keeps lookups with a hinted lookup function out of the threadpool cap', async () => {
    const fake = fakeLookup({ 'h1.test': 'hold', 'h2.test': 'hold' });
    const resolver = createResolver({ maxConcurrency: 1 });
    const all = ['h1.test', 'h2.test'].map((n) => resolver.resolve(n, 1, { lookup: fake.fn }));
    expect(resolver.stats()).toMatchObject({ inFlight: 2, queued: 0 });
    fake.release();
    await Promise.all(all);
  });

  it('delegates to the resolver named in the hints', async () => {
    const fake = fakeLookup({ 'other.test': one });
    const other = createResolver({ lookup: fake.fn });
    const mine = createResolver({ lookup: fakeLookup({}).fn });
    expect((await mine.resolve('other.test', 1, { resolver: other }))[0]!.address).toBe(
      '192.0.2.1',
    );
    expect(other.stats().misses).toBe(1);
    expect(mine.stats().misses).toBe(0);
  });
});

describe('resolver.lookup as a drop-in', () => {
  it("throws Node's TypeError at once when the callback is missing", () => {
    const resolver = createResolver();
    expect(() => resolver.lookup('localhost', {}, undefined as never)).toThrow(
      expect.objectContaining({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' }),
    );
  });

  async function server(): Promise<{ port: number } & AsyncDisposable> {
    const srv = createServer((socket) => socket.end('hello'));
    srv.listen(0, '127.0.0.1');
    await once(srv, 'listening');
    return {
      port: (srv.address() as AddressInfo).port,
      [Symbol.asyncDispose]: () => new Promise<void>((done) => srv.close(() => done())),
    };
  }

  it('connects net.connect to a fake name', async () => {
    await using srv = await server();
    const fake = fakeLookup({ 'app.test': [{ address: '127.0.0.1', family: 4 }] });
    const resolver = createResolver({ lookup: fake.fn });
    const socket = connect({ host: 'app.test', port: srv.port, lookup: resolver.lookup });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    await once(socket, 'end');
    socket.destroy();
    expect(Buffer.concat(chunks).toString()).toBe('hello');
    expect(fake.calls[0]!.hostname).toBe('app.test');
  });

  it('answers the single-address, all, family and legacy forms', async () => {
    const fake = fakeLookup({
      'two.test': [
        { address: '192.0.2.1', family: 4 },
        { address: '2001:db8::1', family: 6 },
      ],
    });
    const resolver: Resolver = createResolver({ lookup: fake.fn });
    const call = (options: unknown): Promise<unknown[]> =>
      new Promise((done) =>
        resolver.lookup('two.test', options as never, (...args: unknown[]) => done(args)),
      );
    expect(await call({ all: true, order: 'verbatim' })).toEqual([
      null,
      [
        { address: '192.0.2.1', family: 4 },
        { address: '2001:db8::1', family: 6 },
      ],
    ]);
    expect(await call({ family: 6 })).toEqual([null, '2001:db8::1', 6]);
    expect(await call({ family: 'IPv4' })).toEqual([null, '192.0.2.1', 4]);
    expect(await call(4)).toEqual([null, '192.0.2.1', 4]);
    const legacy = await new Promise<unknown[]>((done) =>
      (resolver.lookup as unknown as (h: string, cb: (...a: unknown[]) => void) => void)(
        'two.test',
        (...args) => done(args),
      ),
    );
    expect(legacy[0]).toBeNull();
  });

  it('throws exactly what dns.lookup throws for arbitrary arguments, and nothing else', () => {
    const resolver = createResolver({ lookup: fakeLookup({}).fn });
    const thrown = (fn: () => unknown): unknown => {
      try {
        fn();
        return undefined;
      } catch (err) {
        const e = err as Error & { code?: unknown };
        return { name: e.name, code: e.code, message: e.message };
      }
    };
    const noop = (): void => undefined;
    // Hosts dns.lookup answers without the network: literals, falsy values, and non-strings.
    const host = fc.oneof(
      fc.constantFrom('127.0.0.1', '::1', '', null, undefined, 0),
      fc.anything().filter((v) => typeof v !== 'string'),
    );
    fc.assert(
      fc.property(host, fc.anything(), fc.oneof(fc.constant(noop), fc.anything()), (h, o, c) => {
        const mine = thrown(() => (resolver.lookup as (...a: unknown[]) => unknown)(h, o, c));
        const node = thrown(() => (dnsLookup as (...a: unknown[]) => unknown)(h, o, c));
        expect(mine).toEqual(node);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps Node's error code for the callback", async () => {
    const resolver = createResolver({ lookup: fakeLookup({}).fn });
    const [err] = await new Promise<unknown[]>((done) =>
      resolver.lookup('missing.test', {}, (...args: unknown[]) => done(args)),
    );
    expect(err).toMatchObject({ code: 'ENOTFOUND', hostname: 'missing.test' });
  });

  it('fails a net.connect cleanly for an unknown name', async () => {
    const resolver = createResolver({ lookup: fakeLookup({}).fn });
    const socket = connect({ host: 'nowhere.test', port: 9, lookup: resolver.lookup });
    const [err] = (await once(socket, 'error')) as [{ code: string }];
    expect(err.code).toBe('ENOTFOUND');
    socket.destroy();
  });
});
