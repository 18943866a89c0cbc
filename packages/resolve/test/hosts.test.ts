import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSockError } from '@sock/errors';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { defaultHostsPath, openHostsFile, parseHosts } from '../src/hosts.js';
import { sortAddresses } from '../src/order.js';
import { resourceCount } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'sock-hosts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
const tempPath = (): string => join(dir, `hosts-${counter++}`);

const python = spawnSync('python3', ['--version']).status === 0;
// glibc answers from /etc/hosts first only where nsswitch.conf says `hosts: files ...`.
const filesFirst =
  existsSync('/etc/nsswitch.conf') &&
  /^hosts:\s+files\b/m.test(readFileSync('/etc/nsswitch.conf', 'utf8'));

const sample = [
  '# The first line for a name gives its canonical name.',
  '127.0.0.1\tlocalhost',
  '::1\t\tlocalhost ip6-localhost ip6-loopback',
  '192.0.2.10   Web.Example.test   web   # trailing comment',
  '192.0.2.11   web.example.test',
  '2001:db8::10 web',
  'fe80::1%eth0 router.lan router',
  '192.0.2.10   web   # a repeat, listed once',
  '127.1        legacy-form       # not inet_pton: skipped, as glibc skips it',
  'garbage      junk',
  '192.0.2.99',
  '',
  '   # indented comment',
].join('\n');

describe('parseHosts', () => {
  const table = parseHosts(sample);

  it('gives every address of a name in file order, across lines and aliases', () => {
    expect(table.get('localhost')?.entries).toEqual([
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ]);
    expect(table.get('web')?.entries).toEqual([
      { address: '192.0.2.10', family: 4 },
      { address: '2001:db8::10', family: 6 },
    ]);
    expect(table.get('web.example.test')?.entries).toEqual([
      { address: '192.0.2.10', family: 4 },
      { address: '192.0.2.11', family: 4 },
    ]);
  });

  it('keeps the canonical name of the first line, with its case', () => {
    expect(table.get('web.example.test')?.canonical).toBe('Web.Example.test');
    expect(table.get('web')?.canonical).toBe('Web.Example.test');
    expect(table.get('ip6-localhost')?.canonical).toBe('localhost');
  });

  it('keeps an IPv6 zone as scopeId', () => {
    expect(table.get('router')?.entries).toEqual([
      { address: 'fe80::1', family: 6, scopeId: 'eth0' },
    ]);
  });

  it('skips comments, lines without a name, and addresses inet_pton would not take', () => {
    expect(table.has('legacy-form')).toBe(false);
    expect(table.has('junk')).toBe(false);
    expect(table.has('#')).toBe(false);
    expect(table.has('trailing')).toBe(false);
    expect([...table.keys()].sort()).toEqual(
      [
        'localhost',
        'ip6-localhost',
        'ip6-loopback',
        'web.example.test',
        'web',
        'router.lan',
        'router',
      ].sort(),
    );
  });

  it('reads Windows line endings', () => {
    const crlf = parseHosts('127.0.0.1 a\r\n::1 a\r\n');
    expect(crlf.get('a')?.entries.map((e) => e.address)).toEqual(['127.0.0.1', '::1']);
  });
});

describe('openHostsFile', () => {
  it('answers case-insensitively, with aliases and canonical names', () => {
    const path = tempPath();
    writeFileSync(path, sample);
    const hosts = openHostsFile(path);
    expect(hosts.lookup('LOCALHOST')).toEqual([
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ]);
    expect(hosts.lookup('Router')).toEqual([{ address: 'fe80::1', family: 6, scopeId: 'eth0' }]);
    expect(hosts.canonicalName('WEB')).toBe('Web.Example.test');
    expect(hosts.lookup('nope')).toBeUndefined();
    expect(hosts.canonicalName('nope')).toBeUndefined();
    expect(hosts.lookup(42 as unknown as string)).toBeUndefined();
  });

  it('hands out answers a caller cannot change for the next caller', () => {
    const path = tempPath();
    writeFileSync(path, '127.0.0.1 a\n');
    const hosts = openHostsFile(path);
    const first = hosts.lookup('a')!;
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first[0])).toBe(true);
  });

  it('reads the file again when it changes', () => {
    const path = tempPath();
    writeFileSync(path, '127.0.0.1 app\n');
    const hosts = openHostsFile(path, { checkInterval: 0 });
    expect(hosts.lookup('app')).toEqual([{ address: '127.0.0.1', family: 4 }]);

    writeFileSync(path, '127.0.0.2 app\n::1 app\n');
    expect(hosts.lookup('app')).toEqual([
      { address: '127.0.0.2', family: 4 },
      { address: '::1', family: 6 },
    ]);

    // Replaced by rename, as editors and configuration tools do: same size, new inode.
    const next = `${path}.new`;
    writeFileSync(next, '127.0.0.3 app\n');
    renameSync(next, path);
    expect(hosts.lookup('app')).toEqual([{ address: '127.0.0.3', family: 4 }]);

    rmSync(path);
    expect(hosts.lookup('app')).toBeUndefined();
    writeFileSync(path, '127.0.0.4 app\n');
    expect(hosts.lookup('app')).toEqual([{ address: '127.0.0.4', family: 4 }]);
  });

  it('checks for changes at most once per interval', () => {
    const path = tempPath();
    writeFileSync(path, '127.0.0.1 app\n');
    // An interval no test run reaches: the change stays unseen, which shows no stat() was made.
    const hosts = openHostsFile(path, { checkInterval: 3_600_000 });
    expect(hosts.lookup('app')?.[0]?.address).toBe('127.0.0.1');
    writeFileSync(path, '127.0.0.2 app\n');
    expect(hosts.lookup('app')?.[0]?.address).toBe('127.0.0.1');
  });

  it('checks for changes once the interval has passed, on the next lookup', () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] });
    try {
      const path = tempPath();
      writeFileSync(path, '127.0.0.1 app\n');
      const hosts = openHostsFile(path, { checkInterval: 1000 });
      expect(hosts.lookup('app')?.[0]?.address).toBe('127.0.0.1');
      writeFileSync(path, '127.0.0.22 app\n');
      vi.advanceTimersByTime(999);
      expect(hosts.lookup('app')?.[0]?.address).toBe('127.0.0.1');
      vi.advanceTimersByTime(1);
      expect(hosts.lookup('app')?.[0]?.address).toBe('127.0.0.22');
    } finally {
      vi.useRealTimers();
    }
  });

  it('reads no clock on a lookup between checks, and still checks within 1,024 lookups when its timer never fires', () => {
    const path = tempPath();
    writeFileSync(path, '127.0.0.1 app\n');
    const hosts = openHostsFile(path, { checkInterval: 1 });
    // A test's fake timers, put back before they run: the timer that marks the next check is lost.
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] });
    try {
      expect(hosts.lookup('app')?.[0]?.address).toBe('127.0.0.1');
    } finally {
      vi.useRealTimers();
    }
    writeFileSync(path, '127.0.0.22 app\n');
    const clock = vi.spyOn(performance, 'now');
    try {
      for (let i = 0; i < 100; i++) expect(hosts.lookup('app')?.[0]?.address).toBe('127.0.0.1');
      expect(clock).not.toHaveBeenCalled();
    } finally {
      clock.mockRestore();
    }
    let seen: string | undefined;
    for (let i = 0; i < 1024 && seen !== '127.0.0.22'; i++)
      seen = hosts.lookup('app')?.[0]?.address;
    expect(seen).toBe('127.0.0.22');
  });

  it('answers undefined for everything when the file is missing or not a file', () => {
    for (const path of [join(dir, 'missing'), dir]) {
      const hosts = openHostsFile(path);
      expect(hosts.lookup('localhost')).toBeUndefined();
      expect(hosts.canonicalName('localhost')).toBeUndefined();
    }
  });

  it('opens the platform file by default', () => {
    expect(defaultHostsPath()).toBe(
      process.platform === 'win32'
        ? expect.stringMatching(/drivers[\\/]etc[\\/]hosts$/i)
        : '/etc/hosts',
    );
    const hosts = openHostsFile();
    // This machine's /etc/hosts maps localhost to 127.0.0.1 (see DEVELOPERS.md); elsewhere it may
    // differ, so only the shape is held.
    const found = hosts.lookup('localhost');
    if (found !== undefined)
      expect(found.every((e) => e.family === 4 || e.family === 6)).toBe(true);
  });

  it('rejects a bad path or interval with a SockError', () => {
    const cases: [unknown, unknown, string][] = [
      ['', undefined, 'ERR_SOCK_INVALID_ARGUMENT'],
      [42, undefined, 'ERR_SOCK_INVALID_ARGUMENT'],
      [tempPath(), { checkInterval: -1 }, 'ERR_SOCK_INVALID_OPTION'],
      [tempPath(), { checkInterval: Number.NaN }, 'ERR_SOCK_INVALID_OPTION'],
      [tempPath(), { checkInterval: '5' }, 'ERR_SOCK_INVALID_OPTION'],
    ];
    for (const [path, options, code] of cases) {
      let caught: unknown;
      try {
        openHostsFile(path as string, options as { checkInterval: number });
      } catch (err) {
        caught = err;
      }
      expect(isSockError(caught)).toBe(true);
      expect((caught as { code: string }).code).toBe(code);
    }
  });

  it('holds no file descriptor or handle open, whatever happens to the file', () => {
    const path = tempPath();
    const before = resourceCount();
    const hosts = openHostsFile(path, { checkInterval: 0 });
    for (let i = 0; i < 200; i++) {
      if (i % 4 === 0) writeFileSync(path, `127.0.0.${(i % 250) + 1} app\n`);
      if (i % 4 === 2) rmSync(path, { force: true });
      hosts.lookup('app');
      hosts.canonicalName('app');
    }
    openHostsFile(dir, { checkInterval: 0 }).lookup('app');
    expect(resourceCount()).toEqual(before);
  });
});

describe.skipIf(!python || !filesFirst || !existsSync('/etc/hosts'))(
  "against glibc's getaddrinfo on this machine's /etc/hosts, through python3",
  () => {
    it('gives the same addresses for every name in the file', () => {
      const names = [...parseHosts(readFileSync('/etc/hosts', 'latin1')).keys()].filter(
        (name) => !name.includes('%'),
      );
      const script = `
import json, socket, sys
out = {}
for name in json.load(sys.stdin):
    try:
        infos = socket.getaddrinfo(name, None, type=socket.SOCK_STREAM)
        out[name] = sorted({info[4][0] for info in infos})
    except socket.gaierror:
        out[name] = None
json.dump(out, sys.stdout)
`;
      const run = spawnSync('python3', ['-c', script], {
        input: JSON.stringify(names),
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).toBe(0);
      const oracle = JSON.parse(run.stdout) as Record<string, string[] | null>;
      const hosts = openHostsFile('/etc/hosts');
      for (const name of names) {
        // Compared as sets: getaddrinfo then sorts them by RFC 6724, which order.ts covers.
        const ours = hosts.lookup(name)?.map((e) => e.address);
        expect({ name, addresses: ours === undefined ? null : [...new Set(ours)].sort() }).toEqual({
          name,
          addresses: oracle[name],
        });
      }
    });
  },
);

// A private mount namespace lets glibc read a hosts file of the test's own, so the oracle covers
// the cases this machine's file lacks. Needs root (or CAP_SYS_ADMIN) and util-linux's unshare.
const canMountHosts =
  python &&
  filesFirst &&
  process.platform === 'linux' &&
  spawnSync('unshare', ['-m', 'true']).status === 0;

describe.skipIf(!canMountHosts)("against glibc's getaddrinfo on a hosts file of our own", () => {
  it('agrees on every name, except where sock deliberately differs', () => {
    const path = tempPath();
    writeFileSync(
      path,
      [
        '127.0.0.1 dup',
        '127.0.0.1 dup',
        '::1 dup',
        '127.0.0.2 Dup.Example alias1 # comment',
        '127.0.0.3\tMiXeD',
        'fe80::1%lo zoned',
        'fe80::2 zoned',
        '127.1 legacy',
        '0x7f.0.0.1 legacy-hex',
        '127.0.0.5 multi',
        '::ffff:127.0.0.6 multi',
        '127.0.0.1 both',
        '::1 both',
        '',
      ].join('\n'),
    );
    const names = [
      'dup',
      'DUP',
      'alias1',
      'dup.example',
      'mixed',
      'zoned',
      'legacy',
      'legacy-hex',
      'multi',
      'both',
    ];
    const script = `
import json, socket, sys
out = {}
for name in json.load(sys.stdin):
    try:
        infos = socket.getaddrinfo(name, None, type=socket.SOCK_STREAM, flags=socket.AI_CANONNAME)
        out[name] = {"addresses": [info[4][0] for info in infos], "canonical": infos[0][3]}
    except socket.gaierror:
        out[name] = None
json.dump(out, sys.stdout)
`;
    const run = spawnSync(
      'unshare',
      ['-m', 'sh', '-c', 'mount --bind "$0" /etc/hosts && exec python3 -c "$1"', path, script],
      { input: JSON.stringify(names), encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    const oracle = JSON.parse(run.stdout) as Record<
      string,
      { addresses: string[]; canonical: string } | null
    >;
    const hosts = openHostsFile(path);
    const ours = (name: string): { addresses: string[]; canonical: string } | null => {
      const found = hosts.lookup(name);
      if (found === undefined) return null;
      return {
        addresses: found.map((e) => e.address).sort(),
        canonical: hosts.canonicalName(name)!,
      };
    };
    const sorted = (
      answer: { addresses: string[]; canonical: string } | null | undefined,
    ): { addresses: string[]; canonical: string } | null =>
      answer == null ? null : { ...answer, addresses: [...answer.addresses].sort() };

    for (const name of ['alias1', 'dup.example', 'mixed', 'legacy', 'legacy-hex', 'multi', 'DUP']) {
      const expected = sorted(oracle[name]);
      const got = ours(name);
      // glibc lists an address once per line that has it; sock lists it once.
      const deduped =
        expected === null ? null : { ...expected, addresses: [...new Set(expected.addresses)] };
      expect({ name, answer: got }).toEqual({ name, answer: deduped });
    }
    // Order: glibc sorts the file's 127.0.0.1-then-::1 by RFC 6724, as sortAddresses does.
    expect(oracle['both']?.addresses).toEqual(['::1', '127.0.0.1']);
    expect(sortAddresses(hosts.lookup('both')!, 'rfc6724').map((e) => e.address)).toEqual(
      oracle['both']?.addresses,
    );
    // The deliberate differences, held so that a change in either shows up here.
    expect(oracle['dup']?.addresses.filter((a) => a === '127.0.0.1')).toHaveLength(2);
    expect(ours('dup')?.addresses).toEqual(['127.0.0.1', '::1']);
    expect(oracle['zoned']?.addresses).toEqual(['fe80::2']);
    expect(hosts.lookup('zoned')).toEqual([
      { address: 'fe80::1', family: 6, scopeId: 'lo' },
      { address: 'fe80::2', family: 6 },
    ]);
  });
});
