// Holds the tables against what this machine can prove: Node's own constants and error map, the C
// headers under /usr/include, and real errors made on loopback.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { getSystemErrorMap, getSystemErrorName } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  eai,
  errno,
  platforms,
  uv,
  uvMessages,
  winsock,
  type Platform,
  type UvName,
  type WinsockEntry,
} from '../src/data/index.js';
import {
  closedPort,
  connectError,
  expectNoLeaks,
  listenError,
  occupyPort,
  resourceSnapshot,
} from '@sock/test-helpers';

type Table = Readonly<Record<string, number>>;

const platform = (platforms as readonly string[]).includes(process.platform)
  ? (process.platform as Platform)
  : undefined;
const onLinux = process.platform === 'linux';

/** Reads a file, or undefined where it is absent (a machine without headers). */
function read(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** `#define NAME VALUE` pairs of a C header, with VALUE a number or another name. */
function defines(text: string, pattern: RegExp): [string, string][] {
  return [...text.matchAll(pattern)].map((m): [string, string] => [m[1] ?? '', m[2] ?? '']);
}

/** libuv versions compare numerically, part by part. */
function atLeast(version: string, wanted: string): boolean {
  const a = version.split('.').map(Number);
  const b = wanted.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

// ENOEXEC entered libuv's map in 1.50; every other name is in Node 20's libuv 1.46.
const uvAddedIn: Partial<Record<UvName, string>> = { ENOEXEC: '1.50.0' };

describe.skipIf(platform === undefined)('against Node on this machine', () => {
  const p = platform ?? 'linux';

  it('os.constants.errno equals errno[platform] for every name Node has', () => {
    const table: Table = errno[p];
    const constants: Record<string, number> = { ...osConstants.errno };
    expect(Object.keys(constants).length).toBeGreaterThan(70);
    for (const [name, value] of Object.entries(constants)) {
      // On Windows Node also lists the Winsock codes here; they live in the winsock table.
      const expected =
        p === 'win32' && name.startsWith('WSA')
          ? (winsock as Record<string, WinsockEntry | undefined>)[name]?.number
          : table[name];
      expect(expected, name).toBe(value);
    }
  });

  it('getSystemErrorMap() entries are all in uv[platform] with the same text', () => {
    const table: Table = uv[p];
    const map = getSystemErrorMap();
    expect(map.size).toBeGreaterThan(80);
    for (const [number, [name, message]] of map) {
      expect(table[name], name).toBe(number);
      expect(uvMessages[name as UvName], name).toBe(message);
    }
    const names = new Set([...map.values()].map(([name]) => name));
    for (const name of Object.keys(table) as UvName[]) {
      const since = uvAddedIn[name];
      if (since === undefined || atLeast(process.versions.uv, since)) {
        expect(names.has(name), name).toBe(true);
      }
    }
  });

  it('getSystemErrorName() names each uv number', () => {
    for (const [name, value] of Object.entries(uv[p] as Table)) {
      const since = uvAddedIn[name as UvName];
      if (since !== undefined && !atLeast(process.versions.uv, since)) continue;
      expect(getSystemErrorName(value), name).toBe(name);
    }
  });
});

const errnoHeaders = ['/usr/include/asm-generic/errno-base.h', '/usr/include/asm-generic/errno.h'];
const errnoText = errnoHeaders.map(read);

describe.skipIf(!onLinux || errnoText.includes(undefined))(
  'against the Linux errno headers',
  () => {
    const pairs = defines(errnoText.join('\n'), /^#define\s+(E[A-Z0-9]+)\s+(\d+|E[A-Z0-9]+)/gm);

    it('has every #define with its value, aliases resolved', () => {
      const table: Table = errno.linux;
      expect(pairs.length).toBeGreaterThan(130);
      const values = new Map<string, number>();
      for (const [name, raw] of pairs) {
        const value = /^\d+$/.test(raw) ? Number(raw) : values.get(raw);
        expect(value, `${name} = ${raw}`).toBeDefined();
        values.set(name, value ?? NaN);
        expect(table[name], name).toBe(value);
      }
      // glibc adds ENOTSUP in bits/errno.h; nothing else is outside the kernel headers.
      const extra = Object.keys(table).filter((name) => !values.has(name));
      expect(extra).toEqual(['ENOTSUP']);
      expect(table.ENOTSUP).toBe(table.EOPNOTSUPP);
    });
  },
);

const bitsErrno = ['/usr/include/x86_64-linux-gnu/bits/errno.h', '/usr/include/bits/errno.h']
  .concat(
    existsSync('/usr/include')
      ? readdirSync('/usr/include')
          .filter((d) => d.endsWith('-linux-gnu'))
          .map((d) => `/usr/include/${d}/bits/errno.h`)
      : [],
  )
  .map(read)
  .find((text) => text !== undefined);

describe.skipIf(!onLinux || bitsErrno === undefined)('against glibc bits/errno.h', () => {
  it('defines ENOTSUP as EOPNOTSUPP', () => {
    expect(bitsErrno).toMatch(/#\s*define\s+ENOTSUP\s+EOPNOTSUPP/);
  });
});

const uvHeader = read('/usr/include/node/uv/errno.h');

describe.skipIf(uvHeader === undefined)("against libuv's uv/errno.h from Node's headers", () => {
  const text = uvHeader ?? '';
  const blocks = [
    ...text.matchAll(/#if defined\((E[A-Z0-9]+)\) && !defined\(_WIN32\)([\s\S]*?)#endif/g),
  ].map((m) => ({ name: m[1] ?? '', body: m[2] ?? '' }));

  it('has the fixed EOF, UNKNOWN and EAI_* values on every platform', () => {
    const fixed = defines(text, /^#define UV__(EAI_[A-Z]+|EOF|UNKNOWN)\s+\((-?\d+)\)/gm);
    expect(fixed.length).toBe(16);
    for (const [name, value] of fixed) {
      for (const p of platforms) expect((uv[p] as Table)[name], `${p} ${name}`).toBe(Number(value));
    }
  });

  it('has the #else (Windows) value of every name in uv.win32', () => {
    expect(blocks.length).toBeGreaterThan(60);
    for (const { name, body } of blocks) {
      const fallback = /#else\s*\n# define UV__\w+ \((-?\d+)\)/.exec(body)?.[1];
      expect(fallback, name).toBeDefined();
      expect((uv.win32 as Table)[name], name).toBe(Number(fallback));
    }
  });

  it('matches the platform rules of the header', () => {
    for (const { name, body } of blocks) {
      const fallback = Number(/#else\s*\n# define UV__\w+ \((-?\d+)\)/.exec(body)?.[1]);
      const bsdValue = /#elif[\s\S]*?__FreeBSD__[\s\S]*?# define UV__\w+ \((-?\d+)\)\n#else/.exec(
        body,
      )?.[1];
      for (const p of ['linux', 'darwin', 'freebsd'] as const) {
        const own = (errno[p] as Table)[name];
        const expected =
          own !== undefined ? -own : bsdValue !== undefined ? Number(bsdValue) : fallback;
        expect((uv[p] as Table)[name], `${p} ${name}`).toBe(expected);
      }
    }
  });

  it('knows every name of the header, and nothing newer than ENOEXEC', () => {
    const fromHeader = new Set([
      ...blocks.map((b) => b.name),
      ...defines(text, /^#define UV__(EAI_[A-Z]+|EOF|UNKNOWN)\s/gm).map(([name]) => name),
    ]);
    const ours = Object.keys(uv.linux);
    for (const name of fromHeader) expect(ours, name).toContain(name);
    expect(ours.filter((n) => !fromHeader.has(n)).every((n) => n in uvAddedIn)).toBe(true);
  });
});

const netdb = read('/usr/include/netdb.h');

describe.skipIf(!onLinux || netdb === undefined)('against glibc netdb.h', () => {
  it('has every EAI_* with its value and nothing else', () => {
    const pairs = defines(netdb ?? '', /^#\s*define\s+(EAI_[A-Z_]+)\s+(-?\d+)/gm);
    expect(pairs.length).toBe(18);
    for (const [name, value] of pairs) {
      expect((eai.linux as Table)[name], name).toBe(Number(value));
    }
    expect(Object.keys(eai.linux).sort()).toEqual(pairs.map(([name]) => name).sort());
  });
});

describe.skipIf(platform === undefined)('real errors on loopback', () => {
  const p = platform ?? 'linux';

  it('a second bind to the same port fails with uv EADDRINUSE', async () => {
    const before = resourceSnapshot();
    {
      await using first = await occupyPort();
      const error = await listenError(first.port, '127.0.0.1');
      expect(error.code).toBe('EADDRINUSE');
      expect(error.errno).toBe(uv[p].EADDRINUSE);
      expect(error.syscall).toBe('listen');
    }
    await expectNoLeaks(before);
  });

  it('a connect to a closed port fails with uv ECONNREFUSED', async () => {
    const before = resourceSnapshot();
    const port = await closedPort();
    const error = await connectError({ host: '127.0.0.1', port });
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.errno).toBe(uv[p].ECONNREFUSED);
    expect(error.syscall).toBe('connect');
    await expectNoLeaks(before);
  });
});
