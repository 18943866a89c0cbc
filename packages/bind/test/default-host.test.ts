// bind() with no `host` binds what the resolver answers for the default host (the loopback
// addresses), asked each time: the resolver itself remembers answers for null hosts, so bind()
// keeps no cache of its own. Each test imports a fresh copy of the package (vi.resetModules).
import * as net from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import type { bind as BindFunction } from '@sock/bind';
import {
  createResolver,
  resolve,
  type AddrInfo,
  type ResolveHints,
  type Resolver,
} from '@sock/resolve';
import {
  activeResources,
  bothLoopbacks,
  fakeLookup,
  fdCount,
  leftBehind,
  occupyPort,
  settle,
  type PortHolder,
} from '@sock/test-helpers';

type Bind = typeof BindFunction;

/** bind() from a fresh copy of the package: its default-host cache is empty. */
async function freshBind(): Promise<Bind> {
  vi.resetModules();
  const mod = await import('@sock/bind');
  return mod.bind;
}

/** What the resolver itself answers for the default host, as bind() asks it. */
function resolverAnswer(
  protocol: 'tcp' | 'udp',
  family: 0 | 4 | 6,
  port: number,
): Promise<AddrInfo[]> {
  const hints: { -readonly [K in keyof ResolveHints]: ResolveHints[K] } = { protocol };
  if (family !== 0) hints.family = family;
  return resolve(null, port, hints);
}

/** A resolver that counts its calls and answers with the IPv4 addresses only. */
function ipv4OnlyResolver(): Resolver & { calls: number } {
  const inner = createResolver();
  const resolver = {
    calls: 0,
    resolve: (
      host: string | null | undefined,
      service: string | number | null | undefined,
      hints?: ResolveHints,
    ): Promise<AddrInfo[]> => {
      resolver.calls++;
      return inner.resolve(host, service, hints).then((list) => list.filter((a) => a.family === 4));
    },
    lookup: inner.lookup,
    promises: inner.promises,
    stats: () => inner.stats(),
    clear: () => inner.clear(),
  };
  return resolver;
}

function canListen(host: string): Promise<boolean> {
  return new Promise((resolveListen) => {
    const server = net.createServer();
    server.once('error', () => resolveListen(false));
    server.listen(0, host, () => server.close(() => resolveListen(true)));
  });
}

const hasIpv6 = await canListen('::1');

const CASES: readonly { protocol: 'tcp' | 'udp'; family: 0 | 4 | 6 }[] = [
  { protocol: 'tcp', family: 0 },
  { protocol: 'tcp', family: 4 },
  { protocol: 'tcp', family: 6 },
  { protocol: 'udp', family: 0 },
  { protocol: 'udp', family: 4 },
  { protocol: 'udp', family: 6 },
];

describe('the default host', () => {
  for (const { protocol, family } of CASES) {
    it.skipIf(family === 6 && !hasIpv6)(
      `gives the resolver's answer for ${protocol}, family ${family}, from the second call on`,
      async () => {
        const bind = await freshBind();
        const expected = await resolverAnswer(protocol, family, 0);
        await using first = await bind({ protocol, family });
        await using second = await bind({ protocol, family });
        await using third = await bind({ protocol, family });
        for (const b of [first, second, third]) {
          expect(b.candidates).toEqual(expected);
          expect(b.protocol).toBe(protocol);
          expect(b.addresses.map((a) => [a.family, a.address])).toEqual(
            first.addresses.map((a) => [a.family, a.address]),
          );
          expect(b.attempts.map((a) => a.outcome)).toEqual(first.attempts.map((a) => a.outcome));
        }
      },
    );
  }

  it('gives each call a fresh array that the next call does not see changed', async () => {
    const bind = await freshBind();
    const expected = await resolverAnswer('tcp', 0, 0);
    await (await bind()).close();
    const a = await bind();
    const b = await bind();
    try {
      expect(a.candidates).not.toBe(b.candidates);
      expect(Object.isFrozen(a.candidates)).toBe(false);
      // The array and its entries are the caller's: changing them changes no later answer.
      const list = a.candidates as AddrInfo[];
      list.reverse();
      list.push({ family: 4, address: '192.0.2.1', port: 1, socktype: 'stream', protocol: 'tcp' });
      (b.candidates[0] as { address: string }).address = '192.0.2.1';
    } finally {
      await a.close();
      await b.close();
    }
    await using c = await bind();
    expect(c.candidates).toEqual(expected);
  });

  it("keeps a copy: the first caller changing the resolver's answer does not change the cache", async () => {
    const bind = await freshBind();
    const expected = await resolverAnswer('udp', 0, 0);
    const first = await bind({ protocol: 'udp' });
    await first.close();
    const entry = first.candidates[0] as { address: string; port: number };
    entry.address = '192.0.2.1';
    entry.port = 9;
    (first.candidates as AddrInfo[]).length = 0;
    await using second = await bind({ protocol: 'udp' });
    expect(second.candidates).toEqual(expected);
  });

  it('keeps protocols and families apart', async () => {
    const bind = await freshBind();
    const families: readonly (0 | 4 | 6)[] = hasIpv6 ? [0, 4, 6] : [0, 4];
    // Two passes: the first fills every key, the second reads each back.
    for (let pass = 0; pass < 2; pass++) {
      for (const protocol of ['tcp', 'udp'] as const) {
        for (const family of families) {
          await using binding = await bind({ protocol, family });
          expect(binding.candidates).toEqual(await resolverAnswer(protocol, family, 0));
          for (const c of binding.candidates) {
            expect(c.protocol).toBe(protocol);
            expect(c.socktype).toBe(protocol === 'tcp' ? 'stream' : 'dgram');
            if (family !== 0) expect(c.family).toBe(family);
          }
          for (const a of binding.addresses) if (family !== 0) expect(a.family).toBe(family);
          expect(binding.protocol).toBe(protocol);
          const handles = binding.protocol === 'udp' ? binding.sockets : binding.servers;
          expect(handles).toHaveLength(binding.addresses.length);
        }
      }
    }
  });

  it('keeps ports apart: a held port fails every time, port 0 still binds', async () => {
    const bind = await freshBind();
    await using held = await occupyPort('127.0.0.1');
    await using other = await occupyPort('127.0.0.1');
    for (let pass = 0; pass < 2; pass++) {
      for (const blocker of [held, other]) {
        const err = await bind({ family: 4, port: blocker.port }).then(
          () => undefined,
          (e: unknown) => e as { code: string; port: number; attempts: { port: number }[] },
        );
        expect(err).toMatchObject({ code: 'EADDRINUSE', port: blocker.port });
        expect(err?.attempts.map((a) => a.port)).toEqual([blocker.port]);
      }
      await using ephemeral = await bind({ family: 4 });
      expect(ephemeral.candidates.map((c) => c.port)).toEqual([0]);
      expect(ephemeral.port).not.toBe(held.port);
      expect(ephemeral.port).not.toBe(other.port);
    }
  });

  it('is bypassed by a custom resolver, which is asked every time and never remembered', async () => {
    const bind = await freshBind();
    const resolver = ipv4OnlyResolver();
    // Cold: the resolver's answer must not land in the cache.
    await using custom = await bind({ resolver });
    expect(resolver.calls).toBe(1);
    expect(custom.candidates.every((c) => c.family === 4)).toBe(true);
    const plain = await bind();
    await plain.close();
    expect(plain.candidates).toEqual(await resolverAnswer('tcp', 0, 0));
    // Warm: the cache must not answer for the resolver.
    await (await bind()).close();
    for (let i = 2; i <= 3; i++) {
      await using again = await bind({ resolver });
      expect(resolver.calls).toBe(i);
      expect(again.candidates).toEqual(custom.candidates);
    }
  });

  it('is bypassed by a custom lookup: neither read nor written', async () => {
    const bind = await freshBind();
    const lookup = fakeLookup(bothLoopbacks);
    await using cold = await bind({ lookup });
    const plain = await bind();
    await plain.close();
    await (await bind()).close();
    await using warm = await bind({ lookup });
    expect(warm.candidates).toEqual(cold.candidates);
  });

  it('is not read for an explicit host, a port list or a range', async () => {
    const bind = await freshBind();
    await (await bind({ port: 0 })).close();
    await using _localhost = await bind({ host: 'localhost' });
    await using _list = await bind({ port: [0] });
    await using _range = await bind({ port: { from: 0, to: 0 } });
  });

  it('still excludes ports on a cache hit', async () => {
    const bind = await freshBind();
    await using held = await occupyPort('127.0.0.1');
    await expect(bind({ family: 4, port: held.port })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
    // The answer for this port is now cached; `exclude` must still reject it.
    await expect(bind({ family: 4, port: held.port, exclude: [held.port] })).rejects.toMatchObject({
      code: 'ERR_SOCK_INVALID_PORT',
    });
  });

  it('still honours an aborted signal on a cache hit', async () => {
    const bind = await freshBind();
    await (await bind()).close();
    const reason = new Error('stop');
    await expect(bind({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('stays right past its 64 entries, and leaves no descriptor or handle behind', async () => {
    const bind = await freshBind();
    const blockers: PortHolder[] = [];
    try {
      for (let i = 0; i < 70; i++) blockers.push(await occupyPort('127.0.0.1'));
      await settle();
      const fds = fdCount();
      const before = activeResources();
      for (let pass = 0; pass < 2; pass++) {
        for (const blocker of blockers) {
          await expect(bind({ family: 4, port: blocker.port })).rejects.toMatchObject({
            code: 'EADDRINUSE',
            port: blocker.port,
          });
        }
      }
      const expected = await resolverAnswer('tcp', 0, 0);
      for (let i = 0; i < 200; i++) {
        const binding = await bind();
        expect(binding.candidates).toEqual(expected);
        await binding.close();
      }
      await settle();
      expect(fdCount()).toBe(fds);
      expect(leftBehind(before, activeResources())).toEqual([]);
    } finally {
      for (const b of blockers) await b[Symbol.asyncDispose]();
    }
  }, 120_000);
});
