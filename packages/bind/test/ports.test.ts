import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { BindError } from '@sock/bind';
import { bind } from '@sock/bind';
import { bothLoopbacks, fakeLookup, occupyPort, occupyRun } from '@sock/test-helpers';

const blockers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(
    blockers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
  );
});

/** Starts listening on host:port at once; its bind runs before any listen started later. */
function blockOn(host: string, port: number): void {
  const server = net.createServer();
  server.on('error', () => undefined);
  server.listen({ host, port, ipv6Only: true });
  blockers.push(server);
}

const block = (port: number): void => blockOn('127.0.0.1', port);

describe('port 0 with several addresses', () => {
  it('gives every address the same port', async () => {
    for (let i = 0; i < 20; i++) {
      await using binding = await bind({ host: 'two.test', lookup: fakeLookup(bothLoopbacks) });
      expect(binding.addresses).toHaveLength(2);
      expect(binding.addresses.every((a) => a.port === binding.port)).toBe(true);
    }
  });

  it('lets the address that refused choose next when another process takes the port', async () => {
    let taken = 0;
    await using binding = await bind({
      host: 'two.test',
      lookup: fakeLookup(bothLoopbacks),
      onAttempt: (a) => {
        if (a.outcome === 'bound' && a.family === 6 && taken === 0) {
          taken = a.port;
          block(a.port);
        }
      },
    });
    expect(taken).toBeGreaterThan(0);
    expect(binding.port).not.toBe(taken);
    expect(binding.addresses.every((a) => a.port === binding.port)).toBe(true);
    // ::1 chose, 127.0.0.1 refused; then 127.0.0.1 chose and ::1 followed.
    expect(binding.attempts.map((a) => [a.address, a.outcome])).toEqual([
      ['::1', 'bound'],
      ['127.0.0.1', 'failed'],
      ['::1', 'released'],
      ['127.0.0.1', 'bound'],
      ['::1', 'bound'],
    ]);
    expect(binding.attempts[1]?.error?.code).toBe('EADDRINUSE');
  });

  it('walks the range when every address has chosen a port another one refused', async () => {
    // Whatever port an address binds is taken on the other family at once, until the walk.
    const takenOnOther = new Set<number>();
    await using binding = await bind({
      host: 'two.test',
      lookup: fakeLookup(bothLoopbacks),
      onAttempt: (a) => {
        if (a.outcome === 'bound' && takenOnOther.size < 2 && !takenOnOther.has(a.port)) {
          takenOnOther.add(a.port);
          blockOn(a.family === 6 ? '127.0.0.1' : '::1', a.port);
        }
      },
    });
    expect(binding.addresses.every((a) => a.port === binding.port)).toBe(true);
    expect(takenOnOther.has(binding.port)).toBe(false);
    // Two refusals before the walk; the walk itself may meet ports other processes hold.
    const failed = binding.attempts.filter((a) => a.outcome === 'failed');
    expect(failed.length).toBeGreaterThanOrEqual(2);
    expect(failed.every((a) => a.error?.code === 'EADDRINUSE')).toBe(true);
  });
});

describe('port lists and ranges', () => {
  it('a range skips held ports; binding is the test', async () => {
    await using run = await occupyRun('127.0.0.1', 4);
    const first = run[0]!.port;
    await run.pop()![Symbol.asyncDispose]();
    await using binding = await bind({ host: '127.0.0.1', port: `${first}-${first + 3}` });
    expect(binding.port).toBe(first + 3);
    expect(binding.attempts.map((a) => a.outcome)).toEqual(['failed', 'failed', 'failed', 'bound']);
  });

  it('{ from, to } is a range too', async () => {
    await using run = await occupyRun('127.0.0.1', 2);
    const first = run[0]!.port;
    await run.pop()![Symbol.asyncDispose]();
    await using binding = await bind({ host: '127.0.0.1', port: { from: first, to: first + 1 } });
    expect(binding.port).toBe(first + 1);
  });

  it('a full range is one BindError reporting every attempt', async () => {
    await using run = await occupyRun('127.0.0.1', 3);
    const first = run[0]!.port;
    const err = (await bind({ host: '127.0.0.1', port: `${first}-${first + 2}` }).catch(
      (e: unknown) => e,
    )) as BindError;
    expect(err.code).toBe('EADDRINUSE');
    expect(err.attempts).toHaveLength(3);
    expect(err.message).toContain(`127.0.0.1:${first}-${first + 2}`);
    expect(err.message).toContain('3 EADDRINUSE');
  });

  it('a list falls back to the next entry, 0 included', async () => {
    await using blocker = await occupyPort('127.0.0.1');
    await using binding = await bind({ host: '127.0.0.1', port: [blocker.port, 0] });
    expect(binding.port).not.toBe(blocker.port);
    expect(binding.attempts[0]?.error?.code).toBe('EADDRINUSE');
  });

  it("a range under 'all' moves both addresses to the next port together", async () => {
    // Held on both addresses, so that no other socket sits on [::1] at the next port.
    await using run = await occupyRun(['127.0.0.1', '::1'], 2);
    const first = run[0]!.port;
    await run.pop()![Symbol.asyncDispose]();
    await using binding = await bind({
      host: 'two.test',
      lookup: fakeLookup(bothLoopbacks),
      port: [first, first + 1],
    });
    expect(binding.addresses.map((a) => a.port)).toEqual([first + 1, first + 1]);
  });

  it('honours exclude', async () => {
    await using run = await occupyRun('127.0.0.1', 3);
    const first = run[0]!.port;
    for (const b of run.splice(0)) await b[Symbol.asyncDispose]();
    await using binding = await bind({
      host: '127.0.0.1',
      port: `${first}-${first + 2}`,
      exclude: [first, first + 1],
    });
    expect(binding.port).toBe(first + 2);
    expect(binding.attempts).toHaveLength(1);
  });

  it('never hands out an excluded port for port 0', async () => {
    const taken: number[] = [];
    for (let i = 0; i < 5; i++) {
      await using b = await bind({ host: '127.0.0.1', exclude: taken });
      expect(taken).not.toContain(b.port);
      taken.push(b.port);
    }
  });

  it('resolves service names in a list, and honours exclude for them', async () => {
    await using binding = await bind({ host: '127.0.0.1', port: ['http', 0], exclude: [80] });
    expect(binding.port).not.toBe(80);
    expect(binding.attempts).toHaveLength(1);
    await expect(bind({ port: ['http', 'https'], exclude: [80, 443] })).rejects.toMatchObject({
      code: 'ERR_SOCK_INVALID_PORT',
    });
    await expect(bind({ port: 'http', exclude: [80] })).rejects.toMatchObject({
      code: 'ERR_SOCK_INVALID_PORT',
    });
  });

  it.each([
    ['9-8', 'start is not above its end'],
    ['70000', '70000'],
    [70000, '70000'],
    [-1, '-1'],
    [1.5, '1.5'],
    ['8000-', '8000-'],
    ['a b', 'a b'],
    [[], 'non-empty list'],
    [[8000, null], 'null'],
    [{ from: 1 }, 'got an object'],
    [{ from: 2, to: 1 }, 'start is not above its end'],
    [true, 'true'],
  ])('rejects port %j with ERR_SOCK_INVALID_PORT', async (port, named) => {
    const err = (await bind({ port: port as never }).catch((e: unknown) => e)) as Error & {
      code: string;
    };
    expect(err.code).toBe('ERR_SOCK_INVALID_PORT');
    expect(err.message).toContain(named);
  });

  it('rejects an exclude list that excludes every port', async () => {
    await expect(bind({ port: '8000-8001', exclude: [8000, 8001] })).rejects.toMatchObject({
      code: 'ERR_SOCK_INVALID_PORT',
    });
    await expect(bind({ port: 8000, exclude: [8000] })).rejects.toMatchObject({
      code: 'ERR_SOCK_INVALID_PORT',
    });
    await expect(bind({ exclude: [70000] })).rejects.toMatchObject({
      code: 'ERR_SOCK_INVALID_PORT',
    });
  });
});
