import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
import { isSockError } from '@sock/errors';
import { BindError, bind, type BindAttempt } from '@sock/bind';
import { bothLoopbacks, fakeLookup, occupyPort } from '@sock/test-helpers';

const connect = (host: string, port: number): Promise<void> =>
  new Promise((resolve, reject) => {
    const socket = net.connect({ host, port }, () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });

const hasSs = spawnSync('ss', ['-V'], { stdio: 'ignore' }).status === 0;
// With net.ipv6.bindv6only=1, `::` is IPv6-only unless told otherwise, which Node never does.
const dualStackDefault = ((): boolean => {
  try {
    return readFileSync('/proc/sys/net/ipv6/bindv6only', 'utf8').trim() === '0';
  } catch {
    return process.platform !== 'linux';
  }
})();

/** Connects to 127.0.0.1:port: 'connected', or the error code. */
const connectCode = (port: number): Promise<string> =>
  new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
  });

describe('bind(): addresses', () => {
  it('binds the loopback addresses by default, on one ephemeral port', async () => {
    await using binding = await bind();
    expect(binding.protocol).toBe('tcp');
    expect(binding.port).toBeGreaterThan(0);
    expect(binding.addresses.length).toBeGreaterThan(0);
    for (const a of binding.addresses) {
      expect(['::1', '127.0.0.1']).toContain(a.address);
      expect(a.port).toBe(binding.port);
      await connect(a.address, a.port);
    }
    expect(binding.servers).toHaveLength(binding.addresses.length);
    expect(binding.protocol).toBe('tcp');
    expect(binding.candidates.length).toBeGreaterThan(0);
  });

  it('binds ::1 and 127.0.0.1 on the same port for a two-address host', async () => {
    const lookup = fakeLookup(bothLoopbacks);
    await using binding = await bind({ host: 'two.test', lookup });
    expect(binding.addresses.map((a) => a.address).sort()).toEqual(['127.0.0.1', '::1']);
    expect(new Set(binding.addresses.map((a) => a.port))).toEqual(new Set([binding.port]));
    await connect('::1', binding.port);
    await connect('127.0.0.1', binding.port);
    expect(binding.attempts.map((a) => a.outcome)).toEqual(['bound', 'bound']);
    expect(binding.candidates.map((c) => c.address).sort()).toEqual(['127.0.0.1', '::1']);
  });

  it("strategy 'first' binds only the first address that binds", async () => {
    await using binding = await bind({
      host: 'two.test',
      lookup: fakeLookup(bothLoopbacks),
      strategy: 'first',
    });
    expect(binding.addresses).toHaveLength(1);
  });

  it("strategy 'first' moves on to the next address when the first is taken", async () => {
    await using blocker = await occupyPort('::1', { ipv6Only: true });
    await using binding = await bind({
      host: 'two.test',
      lookup: fakeLookup(bothLoopbacks),
      strategy: 'first',
      port: blocker.port,
    });
    expect(binding.addresses).toEqual([{ family: 4, address: '127.0.0.1', port: blocker.port }]);
    expect(binding.attempts.map((a) => a.outcome)).toEqual(['failed', 'bound']);
    expect(binding.attempts[0]?.error?.code).toBe('EADDRINUSE');
    expect(binding.attempts[0]?.step).toBe('bind');
  });

  it('family filters the candidates', async () => {
    await using binding = await bind({
      host: 'two.test',
      lookup: fakeLookup(bothLoopbacks),
      family: 4,
    });
    expect(binding.addresses.map((a) => a.address)).toEqual(['127.0.0.1']);
  });

  it("host '*' binds :: (IPv6 only) and 0.0.0.0 on one port", async () => {
    await using binding = await bind({ host: '*' });
    expect(binding.addresses.map((a) => a.address).sort()).toEqual(['0.0.0.0', '::']);
    expect(binding.addresses[0]?.port).toBe(binding.addresses[1]?.port);
    await connect('127.0.0.1', binding.port);
    await connect('::1', binding.port);
  });

  it("host '*' with strategy 'first' binds one wildcard", async () => {
    await using binding = await bind({ host: '*', strategy: 'first' });
    expect(binding.addresses).toHaveLength(1);
    expect(['::', '0.0.0.0']).toContain(binding.addresses[0]?.address);
  });

  it("host 'localhost' binds what the resolver gives for it", async () => {
    await using binding = await bind({ host: 'localhost' });
    expect(binding.addresses.length).toBe(binding.candidates.length);
    for (const a of binding.addresses) expect(['::1', '127.0.0.1']).toContain(a.address);
  });

  it('a literal of the wrong family is ERR_SOCK_NO_ADDRESS or a resolve error', async () => {
    const err = (await bind({ host: '127.0.0.1', family: 6 }).catch(
      (e: unknown) => e,
    )) as BindError;
    expect(err).toBeInstanceOf(BindError);
    expect(err.step).toBe('resolve');
  });

  it('names an IPv6 address in brackets', async () => {
    await using held = await bind({ host: '::1' });
    const err = (await bind({ host: '::1', port: held.port }).catch(
      (e: unknown) => e,
    )) as BindError;
    expect(err.message).toContain(`on [::1]:${held.port}`);
  });

  it("host '::' alone is one dual-stack socket", async () => {
    await using binding = await bind({ host: '::' });
    expect(binding.addresses).toHaveLength(1);
    await connect('127.0.0.1', binding.port);
  });

  it('an IP literal binds that address only', async () => {
    await using binding = await bind({ host: '127.0.0.1' });
    expect(binding.addresses).toEqual([{ family: 4, address: '127.0.0.1', port: binding.port }]);
  });

  it.skipIf(!hasSs)(
    'passes backlog to listen (ss shows it as the Send-Q of the listener)',
    async () => {
      await using binding = await bind({ host: '127.0.0.1', backlog: 7 });
      const out = execFileSync('ss', ['-ltnH', `sport = :${binding.port}`], { encoding: 'utf8' });
      // State, Recv-Q, Send-Q (the backlog for a listener), local address.
      expect(out.trim().split(/\s+/).slice(0, 3)).toEqual(['LISTEN', '0', '7']);
    },
  );

  it.skipIf(!dualStackDefault)(
    'passes ipv6Only to listen: an IPv4 client reaches `::` only without it',
    async () => {
      await using only6 = await bind({ host: '::', ipv6Only: true });
      expect(await connectCode(only6.port)).toBe('ECONNREFUSED');
      await using dual = await bind({ host: '::', ipv6Only: false });
      expect(await connectCode(dual.port)).toBe('connected');
    },
  );

  it('resolves a service name for the port', async () => {
    // 'echo' is port 7 in every services table; excluded here so that nothing binds a fixed port.
    // Resolving is what lets `exclude` drop it: an unknown name fails at the resolve step instead.
    await using binding = await bind({ host: '127.0.0.1', port: ['echo', 0], exclude: [7] });
    expect(binding.port).not.toBe(7);
    expect(binding.attempts.map((a) => a.port)).not.toContain(7);
    const unknown = await bind({ host: '127.0.0.1', port: ['sock-no-such-service-x', 0] }).catch(
      (err: unknown) => err,
    );
    expect(isSockError(unknown)).toBe(true);
    expect((unknown as BindError).step).toBe('resolve');
  });

  it('calls onAttempt for every attempt', async () => {
    const seen: BindAttempt[] = [];
    await using binding = await bind({
      host: 'two.test',
      lookup: fakeLookup(bothLoopbacks),
      onAttempt: (a) => seen.push(a),
    });
    expect(seen).toEqual(binding.attempts);
  });
});

describe('bind(): failures', () => {
  it('EADDRINUSE is a BindError naming the step, the address and the holder', async () => {
    await using blocker = await occupyPort('127.0.0.1');
    const err = await bind({ host: '127.0.0.1', port: blocker.port }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BindError);
    const e = err as BindError;
    expect(e.code).toBe('EADDRINUSE');
    expect(e.step).toBe('bind');
    expect(e.message).toContain(`bind failed with error: EADDRINUSE on 127.0.0.1:${blocker.port}`);
    expect(e.attempts).toHaveLength(1);
    expect(e.attempts[0]?.error?.code).toBe('EADDRINUSE');
    expect(e.holders?.some((h) => h.pid === process.pid)).toBe(true);
  });

  it("'all' is all or nothing: the second address taken releases the first", async () => {
    await using blocker = await occupyPort('127.0.0.1');
    const err = (await bind({
      host: 'two.test',
      lookup: fakeLookup(bothLoopbacks),
      port: blocker.port,
    }).catch((e: unknown) => e)) as BindError;
    expect(err.code).toBe('EADDRINUSE');
    expect(err.attempts.map((a) => a.outcome)).toEqual(['bound', 'failed', 'released']);
    // ::1 was released: the port is free again there.
    await using again = await bind({ host: '::1', port: blocker.port });
    expect(again.port).toBe(blocker.port);
  });

  it('a resolve failure is a BindError at step resolve', async () => {
    const err = (await bind({ host: 'nowhere.test', lookup: fakeLookup([]) }).catch(
      (e: unknown) => e,
    )) as BindError;
    expect(err).toBeInstanceOf(BindError);
    expect(err.step).toBe('resolve');
    expect(err.attempts).toEqual([]);
  });

  it('skips an IPv6 address this host does not have (EADDRNOTAVAIL) under all', async () => {
    await using binding = await bind({
      host: 'two.test',
      lookup: fakeLookup([
        { address: '::2', family: 6 },
        { address: '127.0.0.1', family: 4 },
      ]),
    });
    expect(binding.addresses.map((a) => a.address)).toEqual(['127.0.0.1']);
    const outcomes = binding.attempts.map((a) => [a.address, a.outcome, a.error?.code]);
    expect(outcomes).toHaveLength(2);
    expect(outcomes).toContainEqual(['::2', 'skipped', 'EADDRNOTAVAIL']);
    expect(outcomes).toContainEqual(['127.0.0.1', 'bound', undefined]);
  });

  it('an IPv4 address that is not here keeps all or nothing', async () => {
    const err = (await bind({
      host: 'two.test',
      lookup: fakeLookup([
        { address: '127.0.0.1', family: 4 },
        { address: '192.0.2.1', family: 4 },
      ]),
    }).catch((e: unknown) => e)) as BindError;
    expect(err.code).toBe('EADDRNOTAVAIL');
    expect(err.attempts.map((a) => a.outcome)).toEqual(['bound', 'failed', 'released']);
  });

  it('nothing bound at all is an error', async () => {
    const err = (await bind({
      host: 'v6.test',
      lookup: fakeLookup([{ address: '::2', family: 6 }]),
    }).catch((e: unknown) => e)) as BindError;
    expect(err).toBeInstanceOf(BindError);
    expect(err.code).toBe('EADDRNOTAVAIL');
    expect(err.attempts.map((a) => a.outcome)).toEqual(['skipped']);
  });
});
