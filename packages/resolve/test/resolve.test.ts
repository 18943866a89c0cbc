import { renderValue } from '@sock/errors/unstable-do-not-import';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isSockError } from '@sock/errors';
import { createResolver, resolve, type AddrInfo, type ResolveHints } from '@sock/resolve';
import { fakeLookup, rejection as failure } from './support.js';

const pairs = (list: AddrInfo[]): string[] =>
  list.map((a) => `${a.address}/${a.port}/${a.socktype}/${a.protocol}`);

describe('resolve: hosts', () => {
  it('gives loopback for a null or empty host, and wildcards with passive', async () => {
    expect(pairs(await resolve(null, 80, { socktype: 'stream' }))).toEqual([
      '::1/80/stream/tcp',
      '127.0.0.1/80/stream/tcp',
    ]);
    expect(pairs(await resolve('', 80, { socktype: 'stream' }))).toEqual([
      '::1/80/stream/tcp',
      '127.0.0.1/80/stream/tcp',
    ]);
    expect(pairs(await resolve(undefined, 80, { passive: true, protocol: 'tcp' }))).toEqual([
      '0.0.0.0/80/stream/tcp',
      '::/80/stream/tcp',
    ]);
    expect(pairs(await resolve(null, 80, { passive: true, family: 6 }))).toEqual([
      '::/80/stream/tcp',
      '::/80/dgram/udp',
    ]);
  });

  it('lists one entry per socket type for each address when none is asked for', async () => {
    expect(await resolve('127.0.0.1', 8080)).toEqual([
      { family: 4, address: '127.0.0.1', port: 8080, socktype: 'stream', protocol: 'tcp' },
      { family: 4, address: '127.0.0.1', port: 8080, socktype: 'dgram', protocol: 'udp' },
    ]);
  });

  it('hands out a fresh array each time for repeated calls', async () => {
    const first = await resolve('127.0.0.1', 4242);
    first.pop();
    const second = await resolve('127.0.0.1', 4242);
    expect(second).toHaveLength(2);
    expect(second).not.toBe(first);
    expect(Object.isFrozen(second[0])).toBe(true);
  });

  it('answers IP literals, with zones, without any lookup', async () => {
    const fake = fakeLookup({});
    const hints = { lookup: fake.fn, socktype: 'stream' } as const;
    expect(await resolve('::1', 1, hints)).toEqual([
      { family: 6, address: '::1', port: 1, socktype: 'stream', protocol: 'tcp' },
    ]);
    const [zoned] = await resolve('fe80::1%lo', 1, hints);
    expect(zoned).toMatchObject({ family: 6, address: 'fe80::1', scopeId: 'lo' });
    expect(pairs(await resolve('127.1', 1, hints))).toEqual(['127.0.0.1/1/stream/tcp']);
    const err = await failure(resolve('::1%lo', 1, hints));
    expect(err.code).toBe('ERR_SOCK_INVALID_HOST');
    expect(fake.calls).toEqual([]);
  });

  it('follows getaddrinfo for literals of the other family', async () => {
    expect(pairs(await resolve('::ffff:127.0.0.1', 80, { family: 4, socktype: 'stream' }))).toEqual(
      ['127.0.0.1/80/stream/tcp'],
    );
    expect(
      pairs(await resolve('127.0.0.1', 80, { family: 6, v4Mapped: true, socktype: 'stream' })),
    ).toEqual(['::ffff:127.0.0.1/80/stream/tcp']);
    expect((await failure(resolve('127.0.0.1', 80, { family: 6 }))).code).toBe('EAI_ADDRFAMILY');
    expect((await failure(resolve('::1', 80, { family: 4 }))).code).toBe('EAI_ADDRFAMILY');
  });

  it('resolves localhost for real', async () => {
    const list = await resolve('localhost', 80, { socktype: 'stream' });
    expect(list.length).toBeGreaterThan(0);
    for (const a of list) expect(['127.0.0.1', '::1']).toContain(a.address);
  });

  it('never asks DNS with numericHost', async () => {
    const fake = fakeLookup({ 'db.test': [{ address: '10.0.0.1', family: 4 }] });
    const err = await failure(resolve('db.test', 80, { numericHost: true, lookup: fake.fn }));
    expect(err.code).toBe('ENOTFOUND');
    expect(err.message).toContain("'db.test'");
    expect(fake.calls).toEqual([]);
  });

  it('uses an injected lookup, filters, dedupes and orders its answers', async () => {
    const fake = fakeLookup({
      'dual.test': [
        { address: '192.0.2.1', family: 4 },
        { address: '2001:db8::1', family: 6 },
        { address: '192.0.2.1', family: 4 },
      ],
    });
    const hints = { lookup: fake.fn, socktype: 'stream', hostsFile: false } as const;
    const addresses = async (extra: ResolveHints): Promise<string[]> =>
      (await resolve('dual.test', 443, { ...hints, ...extra })).map((a) => a.address);
    expect(await addresses({ order: 'verbatim' })).toEqual(['192.0.2.1', '2001:db8::1']);
    expect(await addresses({ order: 'ipv6first' })).toEqual(['2001:db8::1', '192.0.2.1']);
    expect(await addresses({ order: 'ipv4first' })).toEqual(['192.0.2.1', '2001:db8::1']);
    expect(await addresses({ family: 4 })).toEqual(['192.0.2.1']);
    expect(await addresses({ family: 6 })).toEqual(['2001:db8::1']);
    expect(await addresses({ family: 6, v4Mapped: true })).toEqual(['2001:db8::1']);
    expect(await addresses({ family: 6, v4Mapped: true, all: true })).toEqual([
      '2001:db8::1',
      '::ffff:192.0.2.1',
    ]);
  });

  it('maps IPv4-only answers with v4Mapped, and fails without it', async () => {
    const fake = fakeLookup({ 'v4.test': [{ address: '192.0.2.7', family: 4 }] });
    const hints = { lookup: fake.fn, family: 6, socktype: 'stream' } as const;
    expect(pairs(await resolve('v4.test', 80, { ...hints, v4Mapped: true }))).toEqual([
      '::ffff:192.0.2.7/80/stream/tcp',
    ]);
    expect((await failure(resolve('v4.test', 80, hints))).code).toBe('ENOTFOUND');
  });

  it('fills canonName on the first entry only', async () => {
    const list = await resolve('127.0.0.1', 80, { canonName: true });
    expect(list[0]!.canonName).toBe('127.0.0.1');
    expect(list[1]!.canonName).toBeUndefined();
    const fake = fakeLookup({ 'name.test': [{ address: '192.0.2.1', family: 4 }] });
    const named = await resolve('name.test', 80, { canonName: true, lookup: fake.fn });
    expect(named[0]!.canonName).toBe('name.test');
  });

  it('keeps only configured families with addrConfig, loopback included for loopback', async () => {
    const list = await resolve(null, 80, { addrConfig: true, socktype: 'stream' });
    expect(list.length).toBeGreaterThan(0);
  });

  it('passes lookup failures on as SockErrors naming the host', async () => {
    const fake = fakeLookup({});
    const err = await failure(resolve('missing.test', 80, { lookup: fake.fn }));
    expect(err).toMatchObject({
      code: 'ENOTFOUND',
      hostname: 'missing.test',
      syscall: 'getaddrinfo',
    });
  });

  it('rejects garbage from a lookup function with a clear error', async () => {
    for (const answer of [
      [{ address: 'not-an-ip', family: 4 }],
      [{ address: '::1', family: 4 }],
      'nope',
      [null],
    ]) {
      const lookup = ((_h: string, _o: unknown, cb: (e: null, a: unknown) => void) =>
        cb(null, answer)) as never;
      const err = await failure(resolve('junk.test', 80, { lookup }));
      expect(err.code).toBe('ERR_SOCK_INVALID_OPTION');
      expect(err.message).toContain("'junk.test'");
    }
    const empty = ((_h: string, _o: unknown, cb: (e: null, a: unknown) => void) =>
      cb(null, [])) as never;
    expect((await failure(resolve('empty.test', 80, { lookup: empty }))).code).toBe('ENOTFOUND');
    const throwing = (() => {
      throw new Error('boom');
    }) as never;
    expect((await failure(resolve('throw.test', 80, { lookup: throwing }))).message).toBe('boom');
  });

  it('accepts an async lookup function', async () => {
    const lookup = (): Promise<{ address: string; family: number }[]> =>
      Promise.resolve([{ address: '192.0.2.3', family: 4 }]);
    expect(pairs(await resolve('async.test', 80, { lookup, socktype: 'stream' }))).toEqual([
      '192.0.2.3/80/stream/tcp',
    ]);
  });
});

describe('resolve: services', () => {
  it('takes numbers, numeric strings and names', async () => {
    expect(pairs(await resolve('127.0.0.1', '8080', { socktype: 'dgram' }))).toEqual([
      '127.0.0.1/8080/dgram/udp',
    ]);
    expect(pairs(await resolve('127.0.0.1', 'domain'))).toEqual([
      '127.0.0.1/53/stream/tcp',
      '127.0.0.1/53/dgram/udp',
    ]);
    expect(pairs(await resolve('127.0.0.1', null))).toEqual([
      '127.0.0.1/0/stream/tcp',
      '127.0.0.1/0/dgram/udp',
    ]);
  });

  it('honours a name that exists for one protocol only', async () => {
    const http = await resolve('127.0.0.1', 'http');
    expect(http.every((a) => a.protocol === 'tcp' && a.port === 80)).toBe(true);
    const err = await failure(resolve('127.0.0.1', 'http', { socktype: 'dgram' }));
    expect(err.code).toBe('ERR_SOCK_INVALID_SERVICE');
    expect(err.message).toContain("'http'");
  });

  it('rejects bad services naming them', async () => {
    for (const service of [65536, -1, 1.5, '65536', 'no-such-service-x', Number.NaN]) {
      const err = await failure(resolve('127.0.0.1', service));
      expect(err.code).toBe('ERR_SOCK_INVALID_SERVICE');
      expect(err.message).toContain(renderValue(service));
    }
    const err = await failure(resolve('127.0.0.1', 'http', { numericService: true }));
    expect(err.code).toBe('ERR_SOCK_INVALID_SERVICE');
    expect(err.message).toContain('numericService');
    expect((await failure(resolve('127.0.0.1', {} as never))).code).toBe(
      'ERR_SOCK_INVALID_SERVICE',
    );
  });

  it('needs a host or a service', async () => {
    expect((await failure(resolve(null, null))).code).toBe('ERR_SOCK_INVALID_HOST');
  });

  it('refuses a host that is not a string, with hints too, with a SockError', async () => {
    const lookup = fakeLookup({}).fn;
    for (const host of [Object.create(null) as object, {}, [], 1, Symbol('x')]) {
      for (const hints of [undefined, { lookup }, { socktype: 'stream' as const }]) {
        const err = await failure(resolve(host as never, 1, hints));
        expect(err.code).toBe('ERR_SOCK_INVALID_HOST');
      }
    }
  });
});

describe('resolve: input checking', () => {
  it('rejects bad hosts naming them', async () => {
    for (const host of ['localhost:80', '[::1]', '*', 'a b', 'a..b', 'x'.repeat(64), 'evil/path']) {
      const err = await failure(resolve(host, 80));
      expect(err.code).toBe('ERR_SOCK_INVALID_HOST');
      expect(err.message).toContain("'");
    }
    expect((await failure(resolve(42 as never, 80))).code).toBe('ERR_SOCK_INVALID_HOST');
  });

  it('rejects unknown and bad hints, suggesting the likely key', async () => {
    const err = await failure(resolve('127.0.0.1', 80, { famliy: 4 } as never));
    expect(err.code).toBe('ERR_SOCK_INVALID_HINTS');
    expect(err.message).toContain('`famliy`');
    expect(err.message).toContain('`family`');
    const bad: unknown[] = [
      { family: 5 },
      { socktype: 'raw' },
      { protocol: 'sctp' },
      { socktype: 'stream', protocol: 'udp' },
      { passive: 'yes' },
      { order: 'random' },
      { timeout: 0 },
      { timeout: Number.NaN },
      { signal: {} },
      { lookup: 'dns' },
      { resolver: {} },
      'fast',
      [],
    ];
    for (const hints of bad) {
      expect((await failure(resolve('127.0.0.1', 80, hints as never))).code).toBe(
        'ERR_SOCK_INVALID_HINTS',
      );
    }
  });

  it('never throws anything but a SockError for arbitrary hints', async () => {
    const keys = ['family', 'socktype', 'protocol', 'passive', 'order', 'timeout', 'all', 'x'];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.dictionary(fc.constantFrom(...keys), fc.anything()), fc.anything()),
        fc.oneof(fc.constant('127.0.0.1'), fc.constant(null), fc.string()),
        async (hints, host) => {
          try {
            await resolve(host, 80, { ...(hints as object), lookup: fakeLookup({}).fn });
          } catch (err) {
            if (!isSockError(err)) throw err;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects with the signal reason when already aborted', async () => {
    const reason = new Error('stop');
    await expect(resolve('127.0.0.1', 80, { signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
  });

  it('goes through the resolver named in the hints', async () => {
    const fake = fakeLookup({ 'via.test': [{ address: '192.0.2.5', family: 4 }] });
    const resolver = createResolver({ lookup: fake.fn });
    expect(pairs(await resolve('via.test', 1, { resolver, socktype: 'stream' }))).toEqual([
      '192.0.2.5/1/stream/tcp',
    ]);
    expect(resolver.stats().misses).toBe(1);
  });
});
