// Invariants of the error tables that hold on every platform, whatever this machine can prove.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  eai,
  eaiAliases,
  eaiMessages,
  eaiNodeCodes,
  errno,
  errnoAliases,
  errnoMessages,
  errnoOtherLinuxArchs,
  platforms,
  uv,
  uvMessages,
  win32Errors,
  winsock,
  winsockAliases,
  winsockToUv,
  winsockToUvChanges,
  type EaiName,
  type ErrnoName,
  type Platform,
  type UvName,
  type WinsockEntry,
} from '../src/data/index.js';

type Table = Readonly<Record<string, number>>;
type Aliases = Readonly<Record<string, string>>;

const entries = (table: Table): [string, number][] => Object.entries(table);

/** Checks that numbers are unique except for declared aliases, and returns number -> canonical name. */
function canonicalByNumber(table: Table, aliases: Aliases): Map<number, string> {
  const byNumber = new Map<number, string>();
  for (const [name, value] of entries(table)) {
    if (name in aliases) continue;
    expect(
      byNumber.get(value),
      `${name} = ${value} is also ${byNumber.get(value)}`,
    ).toBeUndefined();
    byNumber.set(value, name);
  }
  for (const [alias, target] of Object.entries(aliases)) {
    expect(table[alias], `alias ${alias}`).toBeDefined();
    expect(table[alias], `alias ${alias} -> ${target}`).toBe(table[target]);
    expect(target in aliases, `${target} is itself an alias`).toBe(false);
  }
  return byNumber;
}

describe('table shapes', () => {
  it('has the declared types', () => {
    expectTypeOf(errno).toExtend<Record<Platform, Table>>();
    expectTypeOf(errnoAliases).toExtend<Record<Platform, Aliases>>();
    expectTypeOf(uv).toExtend<Record<Platform, Table>>();
    expectTypeOf(eai).toExtend<Record<Platform, Table>>();
    expectTypeOf(eaiAliases).toExtend<Record<Platform, Aliases>>();
    expectTypeOf(winsock).toExtend<Record<string, WinsockEntry>>();
    expectTypeOf(errnoOtherLinuxArchs).toExtend<
      Record<'mips' | 'alpha' | 'sparc' | 'parisc', Table>
    >();
    expectTypeOf<'EWOULDBLOCK' | 'EQFULL' | 'EINTEGRITY' | 'STRUNCATE'>().toExtend<ErrnoName>();
    expectTypeOf<'EOF' | 'UNKNOWN' | 'EAI_AGAIN' | 'ECHARSET' | 'ENOEXEC'>().toExtend<UvName>();
    expectTypeOf<'EAI_NONAME' | 'EAI_IDN_ENCODE' | 'EAI_NOSECURENAME'>().toExtend<EaiName>();
    expect(platforms).toEqual(['linux', 'darwin', 'freebsd', 'win32']);
  });

  it('counts entries per table', () => {
    const count = (t: object): number => Object.keys(t).length;
    expect(Object.fromEntries(platforms.map((p) => [p, count(errno[p])]))).toEqual({
      linux: 134,
      darwin: 107,
      freebsd: 99,
      win32: 81,
    });
    expect(count(errnoMessages)).toBe(158);
    for (const p of platforms) expect(count(uv[p])).toBe(85);
    expect(Object.fromEntries(platforms.map((p) => [p, count(eai[p])]))).toEqual({
      linux: 18,
      darwin: 14,
      freebsd: 12,
      win32: 11,
    });
    expect(count(winsock)).toBe(97);
    expect(count(winsockToUv)).toBe(100);
  });
});

describe.each(platforms)('errno.%s', (platform) => {
  const table: Table = errno[platform];
  const aliases: Aliases = errnoAliases[platform];

  it('has unique numbers except declared aliases, and names round-trip', () => {
    const byNumber = canonicalByNumber(table, aliases);
    for (const [name, value] of entries(table)) {
      expect(byNumber.get(value), name).toBe(aliases[name] ?? name);
      expect(Number.isInteger(value) && value > 0, name).toBe(true);
      expect(name, name).toMatch(/^(E[A-Z0-9]+|STRUNCATE)$/);
    }
  });

  it('has a message for every name', () => {
    for (const name of Object.keys(table)) {
      expect(errnoMessages[name as ErrnoName], name).toMatch(/^\S.*\S$/);
    }
  });
});

describe('errno anchors', () => {
  it.each([
    ['EADDRINUSE', 98, 48, 48, 100],
    ['ECONNREFUSED', 111, 61, 61, 107],
    ['EAGAIN', 11, 35, 35, 11],
    ['EWOULDBLOCK', 11, 35, 35, 140],
    ['ENOTSUP', 95, 45, 45, 129],
    ['EOPNOTSUPP', 95, 102, 45, 130],
    ['ETIMEDOUT', 110, 60, 60, 138],
    ['EDEADLK', 35, 11, 11, 36],
    ['EMFILE', 24, 24, 24, 24],
  ] as const)('%s is %i / %i / %i / %i', (name, linux, darwin, freebsd, win32) => {
    const at = (p: Platform): number | undefined => (errno[p] as Table)[name];
    expect([at('linux'), at('darwin'), at('freebsd'), at('win32')]).toEqual([
      linux,
      darwin,
      freebsd,
      win32,
    ]);
  });

  it('uses glibc wording for Linux names', () => {
    expect(errnoMessages.EADDRINUSE).toBe('Address already in use');
    expect(errnoMessages.ECONNREFUSED).toBe('Connection refused');
    expect(errnoMessages.EQFULL).toBe('Interface output queue is full');
  });
});

describe.each(Object.keys(errnoOtherLinuxArchs) as (keyof typeof errnoOtherLinuxArchs)[])(
  'errnoOtherLinuxArchs.%s',
  (arch) => {
    const table: Table = errnoOtherLinuxArchs[arch];
    const aliasesOf: Record<typeof arch, Aliases> = {
      mips: { EWOULDBLOCK: 'EAGAIN' },
      alpha: { EWOULDBLOCK: 'EAGAIN', EDEADLOCK: 'EDEADLK' },
      sparc: { EWOULDBLOCK: 'EAGAIN' },
      parisc: {
        EWOULDBLOCK: 'EAGAIN',
        EDEADLOCK: 'EDEADLK',
        EREFUSED: 'ECONNREFUSED',
        ECANCELED: 'ECANCELLED',
      },
    };

    it('has unique numbers except the header aliases', () => {
      canonicalByNumber(table, aliasesOf[arch]);
    });

    it('shares errno-base.h except alpha EAGAIN and differs from the generic ABI', () => {
      for (const [name, value] of entries(errno.linux)) {
        if (value > 34 || name === 'EAGAIN' || name === 'EWOULDBLOCK') continue;
        if (arch === 'alpha' && name === 'EDEADLK') continue;
        expect(table[name], name).toBe(value);
      }
      const differing = entries(errno.linux).filter(([name, value]) => table[name] !== value);
      expect(differing.length).toBeGreaterThan(20);
    });

    it('has the known socket anchors', () => {
      const anchors = { mips: 125, alpha: 48, sparc: 48, parisc: 226 } as const;
      expect(table.EADDRINUSE).toBe(anchors[arch]);
    });
  },
);

describe.each(platforms)('uv.%s', (platform) => {
  const table: Table = uv[platform];

  it('has the same names on every platform, each with a message', () => {
    expect(Object.keys(table).sort()).toEqual(Object.keys(uv.linux).sort());
    for (const name of Object.keys(table)) {
      expect(uvMessages[name as UvName], name).toMatch(/^\S.*\S$/);
    }
  });

  it('has unique negative numbers and round-trips', () => {
    const byNumber = canonicalByNumber(table, {});
    for (const [name, value] of entries(table)) {
      expect(value, name).toBeLessThan(0);
      expect(byNumber.get(value)).toBe(name);
    }
  });

  it('uses the fixed libuv values for EAI_*, EOF and UNKNOWN', () => {
    for (const [name, value] of entries(table)) {
      if (name.startsWith('EAI_')) {
        expect(value, name).toBeGreaterThanOrEqual(-3014);
        expect(value, name).toBeLessThanOrEqual(-3000);
        expect(value, name).toBe((uv.linux as Table)[name]);
      }
    }
    expect(table.EOF).toBe(-4095);
    expect(table.UNKNOWN).toBe(-4094);
  });

  it('is minus the errno where the platform defines the name, else the fallback', () => {
    const errnoTable: Table = errno[platform];
    for (const [name, value] of entries(table)) {
      if (name.startsWith('EAI_') || name === 'EOF' || name === 'UNKNOWN') continue;
      const own = errnoTable[name];
      if (platform !== 'win32' && own !== undefined) expect(value, name).toBe(-own);
      else if (name === 'ENODATA' && platform === 'freebsd') expect(value).toBe(-9919);
      else expect(value, name).toBe((uv.win32 as Table)[name]);
    }
  });
});

describe('uv anchors', () => {
  it.each([
    ['EADDRINUSE', -98, -48, -48, -4091],
    ['ECONNREFUSED', -111, -61, -61, -4078],
    ['EHOSTDOWN', -112, -64, -64, -4031],
    ['ENODATA', -61, -96, -9919, -4024],
    ['ENOTSUP', -95, -45, -45, -4049],
    ['ECHARSET', -4080, -4080, -4080, -4080],
    ['EFTYPE', -4028, -79, -79, -4028],
    ['ENOEXEC', -8, -8, -8, -4022],
    ['EAI_AGAIN', -3001, -3001, -3001, -3001],
  ] as const)('%s is %i / %i / %i / %i', (name, linux, darwin, freebsd, win32) => {
    expect(platforms.map((p) => uv[p][name])).toEqual([linux, darwin, freebsd, win32]);
  });

  it('has libuv messages', () => {
    expect(uvMessages.EADDRINUSE).toBe('address already in use');
    expect(uvMessages.EOF).toBe('end of file');
  });
});

describe.each(platforms)('eai.%s', (platform) => {
  const table: Table = eai[platform];
  const aliases: Aliases = eaiAliases[platform];

  it('has unique numbers except declared aliases, a message and a Node code', () => {
    const byNumber = canonicalByNumber(table, aliases);
    for (const [name, value] of entries(table)) {
      expect(byNumber.get(value), name).toBe(aliases[name] ?? name);
      expect(eaiMessages[name as EaiName], name).toMatch(/^\S.*\S$/);
      expect(eaiNodeCodes[name as EaiName], name).toMatch(/^(ENOTFOUND|EAI_[A-Z_]+)$/);
    }
  });

  it('has a libuv counterpart for each name that libuv knows', () => {
    for (const name of Object.keys(table)) {
      if (name in uv.linux) expect((uv.linux as Table)[name], name).toBeLessThanOrEqual(-3000);
    }
  });
});

describe('eai anchors', () => {
  it('keeps the sign convention of each platform', () => {
    expect(platforms.map((p) => eai[p].EAI_AGAIN)).toEqual([-3, 2, 2, 11002]);
    expect(platforms.map((p) => eai[p].EAI_NONAME)).toEqual([-2, 8, 8, 11001]);
    expect(eai.win32.EAI_NODATA).toBe(eai.win32.EAI_NONAME);
    expect('EAI_NODATA' in eai.freebsd || 'EAI_ADDRFAMILY' in eai.freebsd).toBe(false);
  });

  it('maps to the Winsock numbers on win32', () => {
    const pairs: [keyof typeof eai.win32, keyof typeof winsock][] = [
      ['EAI_AGAIN', 'WSATRY_AGAIN'],
      ['EAI_BADFLAGS', 'WSAEINVAL'],
      ['EAI_FAIL', 'WSANO_RECOVERY'],
      ['EAI_FAMILY', 'WSAEAFNOSUPPORT'],
      ['EAI_MEMORY', 'WSA_NOT_ENOUGH_MEMORY'],
      ['EAI_NONAME', 'WSAHOST_NOT_FOUND'],
      ['EAI_SERVICE', 'WSATYPE_NOT_FOUND'],
      ['EAI_SOCKTYPE', 'WSAESOCKTNOSUPPORT'],
      ['EAI_NOSECURENAME', 'WSA_SECURE_HOST_NOT_FOUND'],
      ['EAI_IPSECPOLICY', 'WSA_IPSEC_NAME_POLICY_ERROR'],
    ];
    for (const [name, ws] of pairs) expect(eai.win32[name], name).toBe(winsock[ws].number);
  });

  it('gives ENOTFOUND only for no-such-name', () => {
    const notFound = Object.entries(eaiNodeCodes).filter(([, code]) => code === 'ENOTFOUND');
    expect(notFound.map(([name]) => name).sort()).toEqual(['EAI_NODATA', 'EAI_NONAME']);
    for (const [name, code] of Object.entries(eaiNodeCodes)) {
      if (code !== 'ENOTFOUND') expect(code).toBe(name);
    }
  });
});

describe('winsock', () => {
  const list: WinsockEntry[] = Object.values(winsock);

  it('keys each entry by its name, with a title and a description', () => {
    for (const [key, entry] of Object.entries(winsock)) {
      expect(entry.name).toBe(key);
      expect(entry.title, key).toMatch(/^\S.{2,60}\S$/);
      expect(entry.description.length, key).toBeGreaterThan(entry.title.length);
    }
  });

  it('has unique numbers in the Winsock ranges and round-trips', () => {
    const byNumber = new Map<number, string>();
    for (const { name, number } of list) {
      expect(byNumber.get(number), name).toBeUndefined();
      byNumber.set(number, name);
      const inRange =
        [6, 8, 87, 995, 996, 997].includes(number) ||
        (number >= 10004 && number <= 10112) ||
        (number >= 11001 && number <= 11033);
      expect(inRange, `${name} ${number}`).toBe(true);
    }
    for (const [alias, target] of Object.entries(winsockAliases)) {
      expect(alias in winsock).toBe(false);
      expect(target in winsock).toBe(true);
    }
  });

  it('has every code from 10004 to 10112 that the headers define', () => {
    const defined = [
      10004,
      10009,
      10013,
      10014,
      10022,
      10024,
      ...Array.from({ length: 37 }, (_, i) => 10035 + i),
      10091,
      10092,
      10093,
      ...Array.from({ length: 12 }, (_, i) => 10101 + i),
    ];
    const have = list.map((e) => e.number).filter((n) => n >= 10004 && n <= 10112);
    expect(have).toEqual(defined);
  });

  it('has the resolver codes and WSA_QOS_* contiguous from 11005 to 11031', () => {
    expect(
      (['WSAHOST_NOT_FOUND', 'WSATRY_AGAIN', 'WSANO_RECOVERY', 'WSANO_DATA'] as const).map(
        (n) => winsock[n].number,
      ),
    ).toEqual([11001, 11002, 11003, 11004]);
    const qos = list.filter((e) => e.name.startsWith('WSA_QOS_')).map((e) => e.number);
    expect(qos).toEqual(Array.from({ length: 27 }, (_, i) => 11005 + i));
  });

  it('names only POSIX equivalents that Linux has', () => {
    for (const { name, posix } of list) {
      if (posix !== undefined) expect(posix in errno.linux, `${name} -> ${posix}`).toBe(true);
    }
    expect(winsock.WSAEADDRINUSE).toMatchObject({ number: 10048, posix: 'EADDRINUSE' });
    expect(winsock.WSAEWOULDBLOCK.posix).toBe('EWOULDBLOCK');
  });

  it('spells the six Win32 aliases with their Win32 numbers', () => {
    expect(
      (
        [
          'WSA_INVALID_HANDLE',
          'WSA_NOT_ENOUGH_MEMORY',
          'WSA_INVALID_PARAMETER',
          'WSA_OPERATION_ABORTED',
          'WSA_IO_INCOMPLETE',
          'WSA_IO_PENDING',
        ] as const
      ).map((n) => winsock[n].number),
    ).toEqual([6, 8, 87, 995, 996, 997]);
    expect(win32Errors.ERROR_INVALID_HANDLE).toBe(6);
    expect(win32Errors.ERROR_OPERATION_ABORTED).toBe(995);
  });
});

describe('winsockToUv', () => {
  const known = new Set<number>([
    ...Object.values(winsock).map((e: WinsockEntry) => e.number),
    ...Object.values(win32Errors),
  ]);

  it('maps only known Win32 and Winsock numbers to libuv names', () => {
    for (const [number, name] of Object.entries(winsockToUv)) {
      expect(known.has(Number(number)), number).toBe(true);
      expect(name in uv.win32, `${number} -> ${name}`).toBe(true);
    }
  });

  it('translates like libuv, including the lossy cases', () => {
    const ws = (name: keyof typeof winsock): number => winsock[name].number;
    expect(winsockToUv[ws('WSAEADDRINUSE')]).toBe('EADDRINUSE');
    expect(winsockToUv[ws('WSAECONNREFUSED')]).toBe('ECONNREFUSED');
    expect(winsockToUv[ws('WSAEINTR')]).toBe('ECANCELED');
    expect(winsockToUv[ws('WSAESHUTDOWN')]).toBe('EPIPE');
    expect(winsockToUv[ws('WSAHOST_NOT_FOUND')]).toBe('ENOENT');
    expect(winsockToUv[ws('WSAENETDOWN')]).toBeUndefined();
    expect(winsockToUv[win32Errors.ERROR_ACCESS_DENIED]).toBe('EPERM');
    expect(winsockToUv[win32Errors.ERROR_BROKEN_PIPE]).toBe('EOF');
  });

  it('records the mappings that changed since libuv 1.46', () => {
    for (const change of winsockToUvChanges) {
      expect((win32Errors as Table)[change.name]).toBe(change.number);
      expect(winsockToUv[change.number]).toBeDefined();
      expect(winsockToUv[change.number]).not.toBe(change.before);
      expect(change.since).toMatch(/^1\.\d+\.\d+$/);
    }
  });
});
