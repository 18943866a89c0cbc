import { lookup as dnsLookup } from 'node:dns';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isSockError } from '@sock/errors';
import { createResolver, openHostsFile } from '@sock/resolve';
import { fakeLookup } from './support.js';

type Args = unknown[];

const call = (fn: unknown, ...args: unknown[]): Promise<Args> =>
  new Promise((done) => (fn as (...a: unknown[]) => void)(...args, (...out: Args) => done(out)));

describe('resolver.lookup answers as dns.lookup', () => {
  const fake = fakeLookup({});
  const { lookup } = createResolver({ lookup: fake.fn });

  it('gives IP literals back exactly as written, whatever the family asked', async () => {
    const cases: [string, unknown][] = [
      ['0:0:0:0:0:0:0:1', {}],
      ['::FFFF:127.0.0.1', { family: 4 }],
      ['127.0.0.1', { family: 6 }],
      ['::1', { family: 4, all: true }],
      ['fe80::1%lo', { all: true }],
      ['127.0.0.1', { family: 6, hints: 0, all: true }],
    ];
    for (const [host, options] of cases) {
      expect(await call(lookup, host, options)).toEqual(await call(dnsLookup, host, options));
    }
    expect(fake.calls).toEqual([]);
  });

  it("looks up what Node hands to getaddrinfo: '[::1]' and 'host:80'", async () => {
    const names = fakeLookup({
      '[::1]': [{ address: '::1', family: 6 }],
      'host:80': [{ address: '127.0.0.1', family: 4 }],
    });
    const resolver = createResolver({ lookup: names.fn });
    expect(await call(resolver.lookup, '[::1]', {})).toEqual([null, '::1', 6]);
    expect(await call(resolver.lookup, 'host:80', {})).toEqual([null, '127.0.0.1', 4]);
    expect(names.calls.map((c) => c.hostname)).toEqual(['[::1]', 'host:80']);
  });

  it("fails with Node's fields and message, still a SockError with a hint", async () => {
    const [err] = (await call(lookup, 'missing.test', {})) as [Record<string, unknown>];
    expect(isSockError(err)).toBe(true);
    expect(err).toMatchObject({
      code: 'ENOTFOUND',
      errno: -3008,
      syscall: 'getaddrinfo',
      hostname: 'missing.test',
      message: 'getaddrinfo ENOTFOUND missing.test',
    });
    expect(typeof err['hint']).toBe('string');
  });

  it('says ENOTFOUND as Node does when no address of the family is left', async () => {
    const v4 = fakeLookup({ 'v4.test': [{ address: '127.0.0.1', family: 4 }] });
    const resolver = createResolver({ lookup: v4.fn });
    const [err] = (await call(resolver.lookup, 'v4.test', { family: 6 })) as [Error];
    expect(err).toMatchObject({
      code: 'ENOTFOUND',
      errno: -3008,
      message: 'getaddrinfo ENOTFOUND v4.test',
    });
  });

  it('keeps the order the lookup function gave by default (verbatim), as happy eyeballs needs', async () => {
    const mixed = fakeLookup({
      'mixed.test': [
        { address: '127.0.0.2', family: 4 },
        { address: '::1', family: 6 },
      ],
    });
    const resolver = createResolver({ lookup: mixed.fn });
    const [, list] = await call(resolver.lookup, 'mixed.test', { all: true });
    expect(list).toEqual([
      { address: '127.0.0.2', family: 4 },
      { address: '::1', family: 6 },
    ]);
  });

  it('promisifies as dns.lookup does, and mirrors dns.promises.lookup', async () => {
    const local = createResolver();
    const p = promisify(local.lookup);
    expect(await p('127.0.0.1')).toEqual(await promisify(dnsLookup)('127.0.0.1'));
    expect(await p('::1', { all: true })).toEqual(await promisify(dnsLookup)('::1', { all: true }));
    expect(await local.promises.lookup('127.0.0.1', { all: true })).toEqual([
      { address: '127.0.0.1', family: 4 },
    ]);
    expect(await local.promises.lookup('localhost', 4)).toEqual({
      address: '127.0.0.1',
      family: 4,
    });
  });

  it.skipIf(openHostsFile().lookup('localhost') === undefined)(
    'counts answers from the hosts file in stats()',
    async () => {
      const local = createResolver();
      await call(local.lookup, 'localhost', {});
      await local.resolve('localhost', 80);
      expect(local.stats()).toMatchObject({ hostsFile: 2, misses: 0 });
    },
  );
});
