import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSockError } from '@sock/errors';
import { bind } from '@sock/bind';
import { nodeHasReusePort, reusePortSupport } from '../src/internal/features.js';
import { normalizeOptions } from '../src/internal/validate.js';

const KEYS = [
  'host',
  'port',
  'exclude',
  'protocol',
  'strategy',
  'family',
  'backlog',
  'ipv6Only',
  'exclusive',
  'reuseAddr',
  'reusePort',
  'signal',
  'timeout',
  'resolver',
  'lookup',
  'systemd',
  'onAttempt',
];

describe('option validation', () => {
  it.each([
    [{ hots: 'x' }, 'ERR_SOCK_INVALID_OPTION', 'Unknown option `hots` in bind()'],
    [{ timout: 5 }, 'ERR_SOCK_INVALID_OPTION', 'did you mean `timeout`?'],
    [{ host: 'x', prot: 8 }, 'ERR_SOCK_INVALID_OPTION', 'did you mean `port`?'],
    [{ protocol: 'sctp' }, 'ERR_SOCK_INVALID_OPTION', "got 'sctp'."],
    [{ strategy: 'any' }, 'ERR_SOCK_INVALID_OPTION', "got 'any'."],
    [{ family: 5 }, 'ERR_SOCK_INVALID_OPTION', 'got 5.'],
    [{ backlog: -1 }, 'ERR_SOCK_INVALID_OPTION', 'got -1.'],
    [{ backlog: 1.5 }, 'ERR_SOCK_INVALID_OPTION', 'got 1.5.'],
    [{ ipv6Only: 'yes' }, 'ERR_SOCK_INVALID_OPTION', "got 'yes'."],
    [{ exclusive: 1 }, 'ERR_SOCK_INVALID_OPTION', 'got 1.'],
    [{ reuseAddr: true }, 'ERR_SOCK_INVALID_OPTION', 'UDP only'],
    [{ protocol: 'udp', reuseAddr: 'no' }, 'ERR_SOCK_INVALID_OPTION', "got 'no'."],
    [{ timeout: 0 }, 'ERR_SOCK_INVALID_OPTION', 'got 0.'],
    [{ timeout: Number.NaN }, 'ERR_SOCK_INVALID_OPTION', 'got NaN.'],
    [{ signal: {} }, 'ERR_SOCK_INVALID_OPTION', 'AbortSignal'],
    [{ resolver: {} }, 'ERR_SOCK_INVALID_OPTION', 'Resolver'],
    [{ lookup: 'dns' }, 'ERR_SOCK_INVALID_OPTION', "got 'dns'."],
    [
      { lookup: () => 0, resolver: { resolve: () => 0 } },
      'ERR_SOCK_INVALID_OPTION',
      'exclude each other',
    ],
    [{ onAttempt: 3 }, 'ERR_SOCK_INVALID_OPTION', 'got 3.'],
    [{ systemd: 'on' }, 'ERR_SOCK_INVALID_OPTION', "got 'on'."],
    [{ systemd: true, port: 80 }, 'ERR_SOCK_INVALID_OPTION', '`port`'],
    [{ ipv6Only: true, family: 4 }, 'ERR_SOCK_INVALID_OPTION', '`family` is 4'],
    [{ ipv6Only: false, host: '*' }, 'ERR_SOCK_INVALID_OPTION', "host `'::'`"],
    [{ host: '' }, 'ERR_SOCK_INVALID_HOST', "got ''."],
    [{ host: 42 }, 'ERR_SOCK_INVALID_HOST', 'got 42.'],
    [{ exclude: 'x' }, 'ERR_SOCK_INVALID_OPTION', "got 'x'."],
    [{ exclude: [1.5] }, 'ERR_SOCK_INVALID_PORT', 'got 1.5.'],
  ])('%j → %s', async (options, code, named) => {
    const err = (await bind(options as never).catch((e: unknown) => e)) as Error & { code: string };
    expect(isSockError(err)).toBe(true);
    expect(err.code).toBe(code);
    expect(err.message).toContain(named);
  });

  it('names the valid keys for an unknown one', () => {
    expect(() => normalizeOptions({ famliy: 4 })).toThrow(/`famliy`.*`family`/);
  });

  it('rejects options that are not an object', async () => {
    await expect(bind('localhost' as never)).rejects.toMatchObject({
      code: 'ERR_SOCK_INVALID_ARGUMENT',
    });
  });

  it('ipv6Only with only IPv4 addresses is an error, not ignored', async () => {
    await expect(bind({ host: '127.0.0.1', ipv6Only: true })).rejects.toMatchObject({
      code: 'ERR_SOCK_INVALID_OPTION',
    });
  });

  it('an arbitrary options object is accepted or rejected with a SockError, never a crash', () => {
    const value = fc.oneof(
      fc.anything(),
      fc.constantFrom('tcp', 'udp', 'all', 'first', 0, 4, 6, '8000-8010', 'http', [1, 2], true),
    );
    const options = fc.oneof(
      fc.dictionary(fc.constantFrom(...KEYS), value),
      fc.dictionary(fc.string(), value),
      fc.anything(),
    );
    fc.assert(
      fc.property(options, (o) => {
        try {
          normalizeOptions(o);
        } catch (err) {
          expect(isSockError(err)).toBe(true);
          expect((err as Error).message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('bind() with an arbitrary bad key rejects with a SockError and opens nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string().filter((k) => !KEYS.includes(k)),
        fc.anything(),
        async (key, v) => {
          const err = await bind({ host: '127.0.0.1', [key]: v }).catch((e: unknown) => e);
          expect(isSockError(err)).toBe(true);
          expect(err).toMatchObject({ code: 'ERR_SOCK_INVALID_OPTION' });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('reusePort', () => {
  it('knows which Node versions have it', () => {
    expect(nodeHasReusePort('20.19.0')).toBe(false);
    expect(nodeHasReusePort('22.11.0')).toBe(false);
    expect(nodeHasReusePort('22.12.0')).toBe(true);
    expect(nodeHasReusePort('23.0.0')).toBe(false);
    expect(nodeHasReusePort('23.1.0')).toBe(true);
    expect(nodeHasReusePort('24.0.0')).toBe(true);
    expect(reusePortSupport('tcp', '24.0.0', 'win32')).toContain('win32');
    expect(reusePortSupport('udp', '24.0.0', 'linux')).toBeUndefined();
  });

  it.runIf(!nodeHasReusePort())('is an ERR_SOCK_UNSUPPORTED SockError on this Node', async () => {
    const err = (await bind({ reusePort: true }).catch((e: unknown) => e)) as Error & {
      code: string;
    };
    expect(err.code).toBe('ERR_SOCK_UNSUPPORTED');
    expect(err.message).toContain(process.versions.node);
    // false asks for nothing, so it is fine anywhere.
    await using binding = await bind({ reusePort: false });
    expect(binding.port).toBeGreaterThan(0);
  });

  it.runIf(reusePortSupport('tcp') === undefined)(
    'lets two bindings share a port where supported',
    async () => {
      await using a = await bind({ host: '127.0.0.1', reusePort: true });
      await using b = await bind({ host: '127.0.0.1', reusePort: true, port: a.port });
      expect(b.port).toBe(a.port);
    },
  );
});
