import { existsSync } from 'node:fs';
import type * as net from 'node:net';
import { constants } from 'node:os';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SockError, isSockError, toSockError } from '../src/index.js';
import { uv } from '../src/tables.js';
import {
  closedPort,
  connectError,
  expectNoLeaks,
  listenError,
  occupyPort,
  resourceSnapshot,
} from '@sock/test-helpers';

const onLinux = process.platform === 'linux';

const nodeError = (message: string, fields: Record<string, unknown>): Error =>
  Object.assign(new Error(message), fields);

describe('toSockError() on real loopback errors', () => {
  it.skipIf(!existsSync('/proc/self/fd'))('leaves no socket or handle behind', async () => {
    const round = async (): Promise<void> => {
      {
        await using held = await occupyPort();
        toSockError(await listenError(held.port, '127.0.0.1'));
      }
      const port = await closedPort();
      toSockError(await connectError({ host: '127.0.0.1', port }));
    };
    // The first round lets Node open what it keeps for the process (its epoll and signal fds).
    await round();
    const before = resourceSnapshot();
    await round();
    await expectNoLeaks(before);
  });

  it('explains EADDRINUSE from a second listen on a held port', async () => {
    await using held = await occupyPort();
    const raw = await listenError(held.port, '127.0.0.1');
    const error = toSockError(raw);
    expect(error).toBeInstanceOf(SockError);
    expect(error).toMatchObject({
      code: 'EADDRINUSE',
      errno: constants.errno.EADDRINUSE,
      winsock: 10048,
      syscall: 'listen',
      address: '127.0.0.1',
      port: held.port,
      transient: false,
      cause: raw,
    });
    expect(error.message).toBe(
      `Address already in use: listen 127.0.0.1:${held.port} (EADDRINUSE)`,
    );
    expect(error.hint).toContain(String(held.port));
    if (onLinux) expect(error.uvErrno).toBe(uv.linux.EADDRINUSE);
  });

  it('explains ECONNREFUSED from a connection to a closed port', async () => {
    const port = await closedPort();
    const error = toSockError(await connectError({ host: '127.0.0.1', port }));
    expect(error).toMatchObject({
      code: 'ECONNREFUSED',
      errno: constants.errno.ECONNREFUSED,
      winsock: 10061,
      syscall: 'connect',
      port,
      transient: true,
    });
    expect(error.message).toBe(`Connection refused: connect 127.0.0.1:${port} (ECONNREFUSED)`);
    expect(error.hint).toMatch(/listens/);
  });

  it('unwraps the AggregateError of autoSelectFamily and names every attempt', async () => {
    const port = await closedPort();
    // ::1 and 127.0.0.1 through an injected lookup, so no real DNS is asked.
    const lookup = ((
      _host: string,
      options: { all?: boolean },
      callback: (...args: unknown[]) => void,
    ) => {
      if (options.all === true)
        callback(null, [
          { address: '::1', family: 6 },
          { address: '127.0.0.1', family: 4 },
        ]);
      else callback(null, '::1', 6);
    }) as unknown as net.LookupFunction;
    const raw = await connectError({ host: 'two.test', port, lookup, autoSelectFamily: true });
    const error = toSockError(raw);
    expect(error.cause).toBe(raw);
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.port).toBe(port);
    if (raw instanceof AggregateError) {
      expect(raw.errors.length).toBe(2);
      expect(error.message).toMatch(/also tried/);
    }
  });
});

describe('toSockError() on Node-shaped errors', () => {
  it('explains ENOTFOUND and does not call it transient', () => {
    const raw = nodeError('getaddrinfo ENOTFOUND db.invalid', {
      code: 'ENOTFOUND',
      errno: -3008,
      syscall: 'getaddrinfo',
      hostname: 'db.invalid',
    });
    const error = toSockError(raw);
    expect(error).toMatchObject({
      code: 'ENOTFOUND',
      uvErrno: -3008,
      winsock: 11001,
      errno: undefined,
      hostname: 'db.invalid',
      transient: false,
    });
    expect(error.message).toMatch(/: getaddrinfo db\.invalid \(ENOTFOUND\)$/);
    expect(error.hint).toContain('db.invalid');
  });

  it('calls EAI_AGAIN transient', () => {
    const error = toSockError(
      nodeError('getaddrinfo EAI_AGAIN x', {
        code: 'EAI_AGAIN',
        errno: -3001,
        syscall: 'getaddrinfo',
        hostname: 'x',
      }),
    );
    expect(error).toMatchObject({ code: 'EAI_AGAIN', transient: true, winsock: 11002 });
    expect(error.message).toMatch(
      /^Temporary failure in name resolution: getaddrinfo x \(EAI_AGAIN\)$/,
    );
    expect(error.hint).toMatch(/[Rr]etry/);
  });

  it.each([
    ['EAI_AGAIN', true],
    ['EMFILE', true],
    ['ENFILE', true],
    ['ENOBUFS', true],
    ['ECONNRESET', true],
    ['ETIMEDOUT', true],
    ['ECONNREFUSED', true],
    ['ENOTFOUND', false],
    ['EACCES', false],
    ['EADDRINUSE', false],
    ['EADDRNOTAVAIL', false],
    ['EAFNOSUPPORT', false],
    ['ERR_SOCKET_BAD_PORT', false],
  ])('says whether %s is transient: %s', (code, transient) => {
    expect(toSockError(nodeError(code, { code })).transient).toBe(transient);
  });

  it.each([
    ['linux', 'ENETRESET', 102],
    ['darwin', 'EOPNOTSUPP', 102],
  ] as const)(
    "recovers the name of 'Unknown system error -102' on %s",
    (platform, name, number) => {
      const raw = nodeError('listen Unknown system error -102', {
        code: 'Unknown system error -102',
        errno: -102,
        syscall: 'listen',
      });
      const error = toSockError(raw, { platform, address: '::', port: 8080 });
      expect(error).toMatchObject({
        code: name,
        errno: number,
        uvErrno: -102,
        address: '::',
        port: 8080,
      });
      expect(error.message).toMatch(new RegExp(`: listen \\[::\\]:8080 \\(${name}\\)$`));
    },
  );

  it('recovers the name from the message alone, and from a bare errno', () => {
    expect(toSockError(new Error('Unknown system error -102'), { platform: 'darwin' }).code).toBe(
      'EOPNOTSUPP',
    );
    expect(toSockError({ errno: -98 }, { platform: 'linux' }).code).toBe('EADDRINUSE');
    expect(toSockError({ errno: -4091 }, { platform: 'win32' }).code).toBe('EADDRINUSE');
  });

  it('reads the numbers of the platform in the context', () => {
    const raw = nodeError('listen EADDRINUSE', {
      code: 'EADDRINUSE',
      errno: -4091,
      syscall: 'listen',
    });
    expect(toSockError(raw, { platform: 'win32', port: 8080 })).toMatchObject({
      errno: 100,
      uvErrno: -4091,
      winsock: 10048,
      port: 8080,
    });
    expect(
      toSockError(nodeError('x', { code: 'EADDRINUSE' }), { platform: 'darwin' }),
    ).toMatchObject({
      errno: 48,
      uvErrno: -48,
    });
    expect(
      toSockError(nodeError('x', { code: 'EADDRINUSE' }), { platform: 'android' }),
    ).toMatchObject({
      errno: 98,
    });
    // A platform without tables keeps the code and leaves the numbers it cannot know.
    expect(toSockError(nodeError('x', { code: 'EADDRINUSE' }), { platform: 'aix' })).toMatchObject({
      code: 'EADDRINUSE',
      errno: undefined,
    });
  });

  it('lets the context fill what the error lacks, never override it', () => {
    const error = toSockError(
      nodeError('bind failed', { code: 'EADDRNOTAVAIL', address: '192.0.2.9' }),
      {
        syscall: 'bind',
        address: '198.51.100.1',
        port: 80,
      },
    );
    expect(error).toMatchObject({ syscall: 'bind', address: '192.0.2.9', port: 80 });
    expect(error.message).toBe(
      'Cannot assign requested address: bind 192.0.2.9:80 (EADDRNOTAVAIL)',
    );
    expect(error.hint).toContain('192.0.2.9');
  });

  it('gives abort reasons ABORT_ERR and keeps their message', () => {
    const aborted = AbortSignal.abort().reason as Error;
    expect(toSockError(aborted)).toMatchObject({
      code: 'ABORT_ERR',
      message: aborted.message,
      transient: false,
    });
    const timeout = new DOMException('The operation timed out.', 'TimeoutError');
    expect(toSockError(timeout)).toMatchObject({
      code: 'ABORT_ERR',
      message: 'The operation timed out.',
    });
  });

  it('keeps the message of errors it has no table for', () => {
    const raw = nodeError('The "port" argument must be >= 0 and < 65536.', {
      code: 'ERR_SOCKET_BAD_PORT',
    });
    expect(toSockError(raw)).toMatchObject({
      code: 'ERR_SOCKET_BAD_PORT',
      message: raw.message,
      hint: undefined,
    });
  });
});

describe('toSockError() unwrapping', () => {
  const refused = (address: string): Error =>
    nodeError(`connect ECONNREFUSED ${address}:1`, {
      code: 'ECONNREFUSED',
      errno: -111,
      syscall: 'connect',
      address,
      port: 1,
    });

  it('picks the most informative inner error of an AggregateError and keeps all in cause', () => {
    const unreachable = nodeError('connect ENETUNREACH ::1:1', {
      code: 'ENETUNREACH',
      syscall: 'connect',
      address: '::1',
      port: 1,
    });
    const aggregate = Object.assign(new AggregateError([unreachable, refused('127.0.0.1')], ''), {
      code: 'ENETUNREACH',
    });
    const error = toSockError(aggregate);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', address: '127.0.0.1', cause: aggregate });
    expect(error.message).toContain('also tried [::1]:1 ENETUNREACH');
  });

  it('looks through cause chains to the error that has a code', () => {
    const inner = refused('127.0.0.1');
    const outer = new Error('could not start', {
      cause: new TypeError('fetch failed', { cause: inner }),
    });
    expect(toSockError(outer)).toMatchObject({
      code: 'ECONNREFUSED',
      cause: outer,
      address: '127.0.0.1',
    });
  });

  it('takes a SockError found in a cause chain as it is, keeping the outer error as cause', () => {
    const inner = new SockError({ code: 'ERR_SOCK_INVALID_PORT', message: 'bad port', hint: 'h' });
    const outer = new Error('wrapped', { cause: inner });
    expect(toSockError(outer)).toMatchObject({
      code: 'ERR_SOCK_INVALID_PORT',
      message: 'bad port',
      hint: 'h',
      cause: outer,
    });
  });

  it('survives cycles in cause chains and aggregates', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    expect(toSockError(a).code).toBe('ERR_SOCK_UNKNOWN');
    const loop = new AggregateError([], 'loop');
    loop.errors.push(loop);
    expect(toSockError(loop).code).toBe('ERR_SOCK_UNKNOWN');
  });

  it('is idempotent on SockErrors', () => {
    const once = toSockError(refused('127.0.0.1'));
    expect(toSockError(once)).toBe(once);
    expect(toSockError(once, { port: 9 })).toBe(once);
  });
});

describe('toSockError() on values that are not errors', () => {
  const throwing = new Proxy(
    {},
    {
      get() {
        throw new Error('trap');
      },
      has() {
        throw new Error('trap');
      },
      getPrototypeOf() {
        throw new Error('trap');
      },
    },
  );
  it.each([
    ['a string', 'boom'],
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a symbol', Symbol('s')],
    ['an empty object', {}],
    ['an object without prototype', Object.create(null) as object],
    [
      'an object with a throwing getter',
      Object.defineProperty({}, 'code', {
        get: () => {
          throw new Error('x');
        },
      }),
    ],
    ['a proxy whose traps throw', throwing],
    ['a plain Error', new Error('plain')],
  ])('gives %s ERR_SOCK_UNKNOWN', (_label, value) => {
    const error = toSockError(value);
    expect(isSockError(error)).toBe(true);
    expect(error.code).toBe('ERR_SOCK_UNKNOWN');
    expect(error.cause).toBe(value);
    expect(error.message.length).toBeGreaterThan(0);
  });

  it('never throws and always returns a SockError with a string code (property)', () => {
    const nodeShaped = fc.record(
      {
        code: fc.oneof(
          fc.constantFrom(
            'EADDRINUSE',
            'ENOTFOUND',
            'EAI_AGAIN',
            'Unknown system error -102',
            'constructor',
            '__proto__',
          ),
          fc.string(),
        ),
        errno: fc.oneof(fc.integer(), fc.double()),
        syscall: fc.string(),
        address: fc.string(),
        port: fc.oneof(fc.integer(), fc.string()),
        hostname: fc.string(),
        message: fc.string(),
        errors: fc.array(fc.anything(), { maxLength: 3 }),
        cause: fc.anything(),
      },
      { requiredKeys: [] },
    );
    const context = fc.record(
      {
        platform: fc.constantFrom<NodeJS.Platform[]>('linux', 'darwin', 'freebsd', 'win32', 'aix'),
        port: fc.integer(),
        address: fc.string(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.anything(), nodeShaped), context, (value, ctx) => {
        const error = toSockError(value, ctx);
        expect(isSockError(error)).toBe(true);
        expect(typeof error.code).toBe('string');
        expect(typeof error.message).toBe('string');
        expect(typeof error.transient).toBe('boolean');
        expect(toSockError(error)).toBe(error);
      }),
      { numRuns: 500 },
    );
  });
});
