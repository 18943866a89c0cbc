import { describe, expect, it } from 'vitest';
import {
  translate,
  winsock,
  winsockToUv,
  type TranslateOptions,
  type Translation,
} from '../src/tables.js';

type Case = readonly [string | number, TranslateOptions, Partial<Translation> | undefined];

const cases: readonly Case[] = [
  // The examples.
  ['WSAEADDRINUSE', { to: 'errno:darwin' }, { name: 'EADDRINUSE', number: 48, lossy: false }],
  [
    -4091,
    { from: 'uv:win32', to: 'errno:linux' },
    { name: 'EADDRINUSE', number: 98, lossy: false },
  ],
  [
    -4091,
    { from: { namespace: 'uv', platform: 'win32' }, to: { namespace: 'errno', platform: 'linux' } },
    { name: 'EADDRINUSE', number: 98 },
  ],
  [
    'WSAEINTR',
    { to: 'uv:win32' },
    { name: 'ECANCELED', lossy: true, note: expect.stringContaining('ECANCELED') as string },
  ],
  ['WSAENETDOWN', { to: 'uv:win32' }, { name: 'UNKNOWN', number: -4094, lossy: true }],
  [10048, { to: 'uv:win32' }, { name: 'EADDRINUSE', number: -4091, lossy: false }],
  // Between platforms and namespaces.
  [
    'EADDRINUSE',
    { from: 'errno:linux', to: 'errno:win32' },
    { name: 'EADDRINUSE', number: 100, lossy: false },
  ],
  [
    'EADDRINUSE',
    { from: 'errno:linux', to: 'winsock' },
    { name: 'WSAEADDRINUSE', number: 10048, platform: 'win32' },
  ],
  [98, { from: 'errno:linux', to: 'uv:darwin' }, { name: 'EADDRINUSE', number: -48 }],
  [48, { from: 'errno:darwin', to: 'errno:linux' }, { name: 'EADDRINUSE', number: 98 }],
  ['ECONNREFUSED', { from: 'uv:linux', to: 'uv:win32' }, { number: -4078 }],
  ['EAI_AGAIN', { from: 'eai:linux', to: 'eai:darwin' }, { number: 2, lossy: false }],
  ['EAI_AGAIN', { from: 'eai:linux', to: 'winsock' }, { name: 'WSATRY_AGAIN', number: 11002 }],
  ['EAI_AGAIN', { from: 'eai:linux', to: 'uv:linux' }, { number: -3001 }],
  [-3, { from: 'eai:linux', to: 'eai:win32' }, { name: 'EAI_AGAIN', number: 11002 }],
  ['EAGAIN', { from: 'errno:linux', to: 'winsock' }, { name: 'WSAEWOULDBLOCK', number: 10035 }],
  ['EINTR', { from: 'errno:linux', to: 'errno' }, { name: 'EINTR', number: 4 }],
  ['EADDRINUSE', { from: 'errno:linux', to: 'errno:linux' }, { number: 98, lossy: false }],
  // Lossy: the target has one number for names the source tells apart.
  [
    'EWOULDBLOCK',
    { from: 'errno:win32', to: 'errno:linux' },
    { name: 'EWOULDBLOCK', number: 11, lossy: true },
  ],
  ['EOPNOTSUPP', { from: 'errno:darwin', to: 'errno:linux' }, { number: 95, lossy: true }],
  ['EAI_NODATA', { from: 'eai:linux', to: 'eai:win32' }, { number: 11001, lossy: true }],
  [
    'ECANCELED',
    { from: 'uv:win32', to: 'winsock' },
    { lossy: true, note: expect.stringContaining('10004') as string },
  ],
  [
    'EAGAIN',
    { from: 'uv:win32', to: 'winsock' },
    { name: 'WSAEWOULDBLOCK', number: 10035, lossy: false },
  ],
  ['EADDRINUSE', { from: 'uv:win32', to: 'winsock' }, { name: 'WSAEADDRINUSE', lossy: false }],
  ['EAGAIN', { from: 'uv:linux', to: 'winsock' }, { name: 'WSAEWOULDBLOCK' }],
  // No equivalent.
  ['ELNRNG', { from: 'errno:linux', to: 'errno:darwin' }, undefined],
  ['EOF', { from: 'uv:linux', to: 'errno:linux' }, undefined],
  ['UNKNOWN', { from: 'uv:win32', to: 'winsock' }, undefined],
  ['ENOSUCHERROR', { to: 'errno:linux' }, undefined],
];

describe('translate()', () => {
  it.each(cases)('%j %j', (input, options, expected) => {
    const result = translate(input, options);
    if (expected === undefined) expect(result).toBeUndefined();
    else expect(result).toMatchObject(expected);
  });

  it('defaults the target platform to the running one, and Winsock to win32', () => {
    expect(translate('EADDRINUSE', { to: 'winsock' })?.platform).toBe('win32');
    expect(translate('WSAEADDRINUSE', { to: 'uv' })?.platform).toBe(
      ['linux', 'darwin', 'freebsd', 'win32'].includes(process.platform)
        ? process.platform
        : 'linux',
    );
  });

  it('says lossy only with a note, and never otherwise', () => {
    for (const entry of Object.values(winsock)) {
      const result = translate(entry.name, { to: 'uv:win32' });
      expect(result, entry.name).toBeDefined();
      expect(result?.note !== undefined, entry.name).toBe(result?.lossy);
      // What Node reports on Windows is libuv's translation, or UNKNOWN where it has no case.
      expect(result?.name, entry.name).toBe(winsockToUv[entry.number] ?? 'UNKNOWN');
    }
  });

  it.each([
    [{ to: 'errno:beos' }, /`to`/],
    [{ to: 'hresult' }, /`to`/],
    [{ to: 'errno:linux:x' }, /`to`/],
    [{ to: 42 }, /`to`/],
    [{ from: { platform: 'linux' }, to: 'errno' }, /`from`/],
    [{}, /`to`/],
  ])('rejects the options %j', (options, message) => {
    expect(() => translate('EADDRINUSE', options as never)).toThrow(
      expect.objectContaining({
        code: 'ERR_SOCK_INVALID_OPTION',
        message: expect.stringMatching(message) as unknown,
      }),
    );
  });

  it('rejects missing options and bad input', () => {
    expect(() => translate('EADDRINUSE', undefined as never)).toThrow(
      expect.objectContaining({ code: 'ERR_SOCK_INVALID_ARGUMENT' }),
    );
    expect(() => translate({} as never, { to: 'errno' })).toThrow(
      expect.objectContaining({ code: 'ERR_SOCK_INVALID_ARGUMENT' }),
    );
  });
});
