import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  closedPort,
  connectError,
  expectNoLeaks,
  fakeLookup,
  leftBehind,
  listenError,
  nextEvent,
  occupyPort,
  occupyRun,
  rejection,
  resourceSnapshot,
  settle,
} from '../src/index.js';

describe('occupyPort()', () => {
  it('holds a TCP port on 127.0.0.1 until disposed', async () => {
    const before = resourceSnapshot();
    {
      await using held = await occupyPort();
      expect(held.host).toBe('127.0.0.1');
      expect(held.port).toBeGreaterThan(0);
      expect((await listenError(held.port, '127.0.0.1')).code).toBe('EADDRINUSE');
    }
    await expectNoLeaks(before);
  });

  it('holds a port on ::1 with family 6', async () => {
    await using held = await occupyPort(undefined, 6);
    expect(held.host).toBe('::1');
    expect(held.family).toBe(6);
    expect((await listenError(held.port, '::1')).code).toBe('EADDRINUSE');
  });

  it('holds a UDP port', async () => {
    const before = resourceSnapshot();
    {
      await using held = await occupyPort('127.0.0.1', { protocol: 'udp' });
      expect(held.protocol).toBe('udp');
      expect(held.socket?.address().port).toBe(held.port);
    }
    await expectNoLeaks(before);
  });

  it('closes once however often it is closed', async () => {
    const held = await occupyPort();
    await Promise.all([held.close(), held.close(), held[Symbol.asyncDispose]()]);
    expect(held.server?.listening).toBe(false);
  });

  it('holds a run of consecutive ports', async () => {
    await using run = await occupyRun('127.0.0.1', 3);
    expect(run.map((h) => h.port - run[0]!.port)).toEqual([0, 1, 2]);
  });
});

describe('closedPort()', () => {
  it('gives a port nothing listens on', async () => {
    const port = await closedPort();
    expect((await connectError({ host: '127.0.0.1', port })).code).toBe('ECONNREFUSED');
  });
});

describe('expectNoLeaks()', () => {
  it('names a server left open', async () => {
    const before = resourceSnapshot();
    const server = net.createServer().listen(0, '127.0.0.1');
    await nextEvent(server, 'listening');
    await expect(expectNoLeaks(before, 2)).rejects.toThrow(/TCPServerWrap/);
    server.close();
    await expectNoLeaks(before);
  });

  it('counts resources as a multiset', () => {
    expect(leftBehind(['A', 'B'], ['A', 'A', 'C'])).toEqual(['A', 'C']);
  });
});

describe('fakeLookup()', () => {
  const lookupAll = (
    fake: ReturnType<typeof fakeLookup>,
    name: string,
    family = 0,
  ): Promise<unknown> =>
    new Promise((resolve, reject) => {
      fake(name, { all: true, family }, (err, addresses) =>
        err ? reject(err) : resolve(addresses),
      );
    });

  it('answers from its table, records calls, and fails unknown names with ENOTFOUND', async () => {
    const fake = fakeLookup({
      'db.test': [
        { address: '::1', family: 6 },
        { address: '127.0.0.1', family: 4 },
      ],
    });
    await expect(lookupAll(fake, 'db.test', 4)).resolves.toEqual([
      { address: '127.0.0.1', family: 4 },
    ]);
    await expect(lookupAll(fake, 'nope.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(fake.calls).toEqual([
      { hostname: 'db.test', family: 4, all: true },
      { hostname: 'nope.test', family: 0, all: true },
    ]);
    expect(fake.fn).toBe(fake);
  });

  it('holds answers until released', async () => {
    const fake = fakeLookup({ 'slow.test': 'hold' });
    let answered = false;
    const pending = lookupAll(fake, 'slow.test').then((a) => {
      answered = true;
      return a;
    });
    await settle();
    expect(answered).toBe(false);
    fake.release();
    await expect(pending).resolves.toEqual([{ address: '127.0.0.9', family: 4 }]);
  });

  it('answers in the one-address shape without `all`', async () => {
    const fake = fakeLookup([{ address: '127.0.0.1', family: 4 }]);
    const [address, family] = await new Promise<unknown[]>((resolve) => {
      fake('any.test', {}, (_err, a, f) => resolve([a, f]));
    });
    expect([address, family]).toEqual(['127.0.0.1', 4]);
  });
});

describe('rejection()', () => {
  it('returns a SockError and refuses anything else', async () => {
    const brand = Symbol.for('@sock/errors.SockError');
    const sock = Object.assign(new Error('x'), { code: 'EADDRINUSE', [brand]: true });
    await expect(rejection(Promise.reject(sock))).resolves.toBe(sock);
    await expect(rejection(Promise.resolve(1))).rejects.toThrow(/fulfilled/);
    await expect(rejection(Promise.reject(new Error('plain')))).rejects.toThrow(/SockError/);
  });
});
