import { describe, expect, it } from 'vitest';
import {
  describe as describeError,
  eai,
  errno,
  platforms,
  uv,
  winsock,
  type DescribeOptions,
  type ErrorEntry,
  type Namespace,
  type Platform,
} from '../src/tables.js';
import { isSockError } from '../src/index.js';

type Case = readonly [string | number, DescribeOptions, Partial<ErrorEntry> | undefined];

// Each case: input, options, and the fields the entry must have (undefined: not found).
const cases: readonly Case[] = [
  ['EADDRINUSE', { platform: 'linux' }, { namespace: 'errno', number: 98 }],
  ['EADDRINUSE', { platform: 'darwin' }, { namespace: 'errno', number: 48 }],
  ['EADDRINUSE', { platform: 'freebsd' }, { namespace: 'errno', number: 48 }],
  ['EADDRINUSE', { platform: 'win32' }, { namespace: 'errno', number: 100 }],
  ['eaddrinuse', { platform: 'linux' }, { name: 'EADDRINUSE', number: 98 }],
  [' EADDRINUSE ', { platform: 'linux' }, { name: 'EADDRINUSE', number: 98 }],
  ['UV_EADDRINUSE', { platform: 'win32' }, { namespace: 'uv', name: 'EADDRINUSE', number: -4091 }],
  ['EADDRINUSE', { platform: 'win32', namespace: 'uv' }, { namespace: 'uv', number: -4091 }],
  ['WSAEADDRINUSE', {}, { namespace: 'winsock', platform: 'win32', number: 10048 }],
  ['WSAEADDRINUSE', { platform: 'linux' }, { namespace: 'winsock', platform: 'win32' }],
  [10048, {}, { namespace: 'winsock', name: 'WSAEADDRINUSE' }],
  ['10048', {}, { namespace: 'winsock', name: 'WSAEADDRINUSE' }],
  [-4091, { platform: 'win32' }, { namespace: 'uv', name: 'EADDRINUSE' }],
  ['-4091', { platform: 'win32' }, { namespace: 'uv', name: 'EADDRINUSE' }],
  [-98, { platform: 'linux' }, { namespace: 'uv', name: 'EADDRINUSE' }],
  [-48, { platform: 'darwin' }, { namespace: 'uv', name: 'EADDRINUSE' }],
  [98, { platform: 'linux' }, { namespace: 'errno', name: 'EADDRINUSE' }],
  [48, { platform: 'darwin' }, { namespace: 'errno', name: 'EADDRINUSE' }],
  [48, { platform: 'linux' }, { namespace: 'errno', name: 'ELNRNG' }],
  [100, { platform: 'win32' }, { namespace: 'errno', name: 'EADDRINUSE' }],
  ['EAI_AGAIN', { platform: 'linux' }, { namespace: 'eai', number: -3 }],
  ['EAI_AGAIN', { platform: 'darwin' }, { namespace: 'eai', number: 2 }],
  ['EAI_AGAIN', { platform: 'freebsd' }, { namespace: 'eai', number: 2 }],
  ['EAI_AGAIN', { platform: 'win32' }, { namespace: 'eai', number: 11002 }],
  ['EAI_AGAIN', { platform: 'linux', namespace: 'uv' }, { namespace: 'uv', number: -3001 }],
  ['UV_EAI_AGAIN', { platform: 'darwin' }, { namespace: 'uv', number: -3001 }],
  [-3001, { platform: 'linux' }, { namespace: 'uv', name: 'EAI_AGAIN' }],
  [-3008, { platform: 'win32' }, { namespace: 'uv', name: 'EAI_NONAME' }],
  [-3, { platform: 'linux', namespace: 'eai' }, { namespace: 'eai', name: 'EAI_AGAIN' }],
  [-3, { platform: 'linux' }, { namespace: 'uv', name: 'ESRCH' }],
  [2, { platform: 'darwin', namespace: 'eai' }, { namespace: 'eai', name: 'EAI_AGAIN' }],
  [11001, {}, { namespace: 'winsock', name: 'WSAHOST_NOT_FOUND' }],
  [11001, { platform: 'win32', namespace: 'eai' }, { name: 'EAI_NONAME', aliases: ['EAI_NODATA'] }],
  [11002, {}, { namespace: 'winsock', name: 'WSATRY_AGAIN' }],
  [995, { namespace: 'winsock' }, { name: 'WSA_OPERATION_ABORTED' }],
  [995, { platform: 'linux' }, undefined],
  ['WSANO_ADDRESS', {}, { namespace: 'winsock', number: 11004 }],
  ['ENOTFOUND', { platform: 'linux' }, { namespace: 'eai', name: 'EAI_NONAME', number: -2 }],
  ['ENOTFOUND', { platform: 'linux', namespace: 'uv' }, { name: 'EAI_NONAME', number: -3008 }],
  ['EOF', { platform: 'linux' }, { namespace: 'uv', number: -4095 }],
  ['UNKNOWN', { platform: 'win32' }, { namespace: 'uv', number: -4094 }],
  ['ECHARSET', { platform: 'darwin' }, { namespace: 'uv', number: -4080 }],
  [11, { platform: 'linux' }, { name: 'EAGAIN', aliases: ['EWOULDBLOCK'] }],
  ['EWOULDBLOCK', { platform: 'linux' }, { number: 11, aliases: ['EAGAIN'] }],
  ['EWOULDBLOCK', { platform: 'win32' }, { number: 140, aliases: [] }],
  [95, { platform: 'linux' }, { name: 'EOPNOTSUPP', aliases: ['ENOTSUP'] }],
  ['ENOTSUP', { platform: 'darwin' }, { number: 45 }],
  ['EOPNOTSUPP', { platform: 'darwin' }, { number: 102 }],
  [102, { platform: 'darwin' }, { name: 'EOPNOTSUPP' }],
  ['EDEADLOCK', { platform: 'linux' }, { number: 35, aliases: ['EDEADLK'] }],
  // Not found: unknown names, numbers no table has, and names a platform lacks.
  ['ENOSUCHERROR', {}, undefined],
  ['', {}, undefined],
  [0, { platform: 'linux' }, undefined],
  [-4091, { platform: 'linux' }, undefined],
  [-102, { platform: 'darwin' }, undefined],
  [99999, {}, undefined],
  ['EAI_NODATA', { platform: 'freebsd', namespace: 'eai' }, undefined],
  ['EAI_NODATA', { platform: 'freebsd' }, { namespace: 'uv', number: -3007 }],
  ['ENOTBLK', { platform: 'win32' }, undefined],
  ['WSAEADDRINUSE', { namespace: 'errno' }, undefined],
];

describe('describe()', () => {
  it.each(cases)('%j %j', (input, options, expected) => {
    const entry = describeError(input, options);
    if (expected === undefined) expect(entry).toBeUndefined();
    else expect(entry).toMatchObject(expected);
  });

  it('reads numbers on the running platform by default', () => {
    const running = (platforms as readonly string[]).includes(process.platform)
      ? (process.platform as Platform)
      : 'linux';
    expect(describeError('EADDRINUSE')?.platform).toBe(running);
    expect(describeError(errno[running].EADDRINUSE)?.name).toBe('EADDRINUSE');
  });

  it('finds a name on another platform when the running one lacks it', () => {
    // ENOTBLK is not in the Windows CRT; a name without a platform is still found somewhere.
    expect(describeError('ENOTBLK')?.name).toBe('ENOTBLK');
    expect(describeError('EAI_NODATA')).toMatchObject({ namespace: 'eai' });
  });

  it('lists the same condition in every other namespace and platform', () => {
    const entry = describeError('EADDRINUSE', { platform: 'linux' });
    const seen = entry?.equivalents.map(
      (e) => `${e.namespace}:${e.platform}:${e.name}:${e.number}`,
    );
    expect(seen).toEqual([
      'errno:darwin:EADDRINUSE:48',
      'errno:freebsd:EADDRINUSE:48',
      'errno:win32:EADDRINUSE:100',
      'uv:linux:EADDRINUSE:-98',
      'uv:darwin:EADDRINUSE:-48',
      'uv:freebsd:EADDRINUSE:-48',
      'uv:win32:EADDRINUSE:-4091',
      'winsock:win32:WSAEADDRINUSE:10048',
    ]);
  });

  it('links resolver codes across eai, uv and winsock', () => {
    const entry = describeError('EAI_AGAIN', { platform: 'linux' });
    const names = entry?.equivalents.map((e) => `${e.namespace}:${e.platform}:${e.number}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'eai:darwin:2',
        'eai:win32:11002',
        'uv:linux:-3001',
        'winsock:win32:11002',
      ]),
    );
    expect(describeError('WSAHOST_NOT_FOUND')?.equivalents).toEqual(
      expect.arrayContaining([expect.objectContaining({ namespace: 'uv', name: 'EAI_NONAME' })]),
    );
  });

  it('follows an alias only where it is an alias on the target platform', () => {
    const equivalents = describeError('EOPNOTSUPP', { platform: 'linux' })?.equivalents ?? [];
    const at = (ns: Namespace, p: Platform): ErrorEntry | undefined =>
      equivalents.find((e) => e.namespace === ns && e.platform === p);
    expect(at('errno', 'darwin')?.number).toBe(102);
    expect(at('uv', 'linux')).toMatchObject({ name: 'ENOTSUP', number: -95 });
    // On macOS libuv has no EOPNOTSUPP, and ENOTSUP (45) is a different condition.
    expect(at('uv', 'darwin')).toBeUndefined();
  });

  it('prefers real Winsock codes over the WSA_* spellings of Win32 errors', () => {
    const wsa = (name: string): string | undefined =>
      describeError(name, { platform: 'linux' })?.equivalents.find((e) => e.namespace === 'winsock')
        ?.name;
    expect(wsa('EBADF')).toBe('WSAEBADF');
    expect(wsa('EINVAL')).toBe('WSAEINVAL');
    expect(wsa('EINPROGRESS')).toBe('WSAEINPROGRESS');
  });

  it('gives a Winsock entry its title, description and POSIX name', () => {
    expect(describeError('WSAECONNREFUSED')).toMatchObject({
      message: winsock.WSAECONNREFUSED.title,
      description: winsock.WSAECONNREFUSED.description,
      posix: 'ECONNREFUSED',
    });
  });

  it.each([
    [{}, 'ERR_SOCK_INVALID_ARGUMENT'],
    [1.5, 'ERR_SOCK_INVALID_ARGUMENT'],
    [Number.NaN, 'ERR_SOCK_INVALID_ARGUMENT'],
    [null, 'ERR_SOCK_INVALID_ARGUMENT'],
  ])('rejects %j with %s', (input, code) => {
    expect(() => describeError(input as never)).toThrow(expect.objectContaining({ code }));
  });

  it.each([
    [
      { platform: 'aix' },
      /^The `platform` option must be one of 'linux', 'darwin', 'freebsd' or 'win32', got 'aix'\.$/,
    ],
    [
      { namespace: 'hresult' },
      /^The `namespace` option must be one of 'errno', 'uv', 'eai' or 'winsock', got 'hresult'\.$/,
    ],
  ])('rejects the options %j', (options, message) => {
    let error: unknown;
    try {
      describeError('EADDRINUSE', options as never);
    } catch (caught) {
      error = caught;
    }
    expect(isSockError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'ERR_SOCK_INVALID_OPTION',
      message: expect.stringMatching(message) as unknown,
    });
  });
});

// One test walks every entry of every table: name -> entry -> number -> the same name or an alias.
describe('describe() over every table entry', () => {
  const rows: [Namespace, Platform, string, number][] = [];
  for (const platform of platforms) {
    for (const [name, number] of Object.entries(errno[platform]))
      rows.push(['errno', platform, name, number]);
    for (const [name, number] of Object.entries(uv[platform]))
      rows.push(['uv', platform, name, number]);
    for (const [name, number] of Object.entries(eai[platform]))
      rows.push(['eai', platform, name, number]);
  }
  for (const entry of Object.values(winsock))
    rows.push(['winsock', 'win32', entry.name, entry.number]);

  it(`round trips all ${rows.length} entries`, () => {
    for (const [namespace, platform, name, number] of rows) {
      const byName = describeError(name, { namespace, platform });
      expect(byName, `${namespace}:${platform}:${name}`).toMatchObject({
        name,
        number,
        namespace,
        platform,
      });
      expect(byName?.message.length, name).toBeGreaterThan(0);
      const byNumber = describeError(number, { namespace, platform });
      expect(
        [byNumber?.name, ...(byNumber?.aliases ?? [])],
        `${namespace}:${platform}:${number}`,
      ).toContain(name);
      for (const other of byName?.equivalents ?? [])
        expect(`${other.namespace}:${other.platform}`).not.toBe(`${namespace}:${platform}`);
    }
  });

  it('links every errno name to libuv on the same platform where libuv has it', () => {
    for (const platform of platforms) {
      for (const name of Object.keys(errno[platform])) {
        if (!Object.hasOwn(uv[platform], name)) continue;
        const equivalents =
          describeError(name, { namespace: 'errno', platform })?.equivalents ?? [];
        expect(equivalents, `${platform}:${name}`).toContainEqual(
          expect.objectContaining({ namespace: 'uv', platform, name }),
        );
      }
    }
  });
});
