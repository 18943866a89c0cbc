import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { eai, errno, platforms, uv, winsock, winsockAliases } from '../src/tables.js';

function run(...argv: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { status, stdout, stderr };
}

// Data rows of the table output, split into cells.
const rows = (stdout: string): string[][] =>
  stdout
    .split('\n')
    .slice(1)
    .filter((line) => line !== '')
    .map((line) => line.split(/\s{2,}/));

describe('sock-errno main()', () => {
  it('shows a Winsock number on every platform and namespace', () => {
    const { status, stdout, stderr } = run('10048');
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+PLATFORM\s+NAME\s+NUMBER\s+MESSAGE$/);
    expect(rows(stdout).map((cells) => cells.slice(0, 4).join(' '))).toEqual([
      'errno linux EADDRINUSE 98',
      'errno darwin EADDRINUSE 48',
      'errno freebsd EADDRINUSE 48',
      'errno win32 EADDRINUSE 100',
      'uv linux EADDRINUSE -98',
      'uv darwin EADDRINUSE -48',
      'uv freebsd EADDRINUSE -48',
      'uv win32 EADDRINUSE -4091',
      'winsock win32 WSAEADDRINUSE 10048',
    ]);
  });

  it('aligns the columns, numbers to the right', () => {
    const lines = run('EADDRINUSE').stdout.trimEnd().split('\n');
    const end = (lines[0]?.indexOf('NUMBER') ?? 0) + 'NUMBER'.length;
    for (const line of lines.slice(1)) expect(line.slice(0, end)).toMatch(/-?\d+$/);
    const nameAt = (lines[0]?.indexOf(' NAME ') ?? 0) + 1;
    for (const line of lines.slice(1)) expect(line.charAt((nameAt ?? 0) - 1)).toBe(' ');
  });

  it('reads a libuv number on the platform given', () => {
    const { status, stdout } = run('-4091', '--platform', 'win32');
    expect(status).toBe(0);
    expect(stdout).toMatch(/uv\s+win32\s+EADDRINUSE\s+-4091/);
    expect(run('--platform=win32', '-4091').stdout).toBe(stdout);
    expect(run('-p', 'win32', '-4091').stdout).toBe(stdout);
  });

  it('shows each meaning of a number that differs between platforms as its own group', () => {
    const { stdout } = run('48');
    const groups = stdout.trimEnd().split('\n\n');
    expect(groups.length).toBeGreaterThanOrEqual(2);
    expect(groups[0]).toMatch(/errno\s+linux\s+ELNRNG\s+48/);
    expect(stdout).toMatch(/errno\s+darwin\s+EADDRINUSE\s+48/);
    expect(run('--platform', 'darwin', '48').stdout).not.toMatch(/ELNRNG/);
  });

  it('reads getaddrinfo numbers with --namespace eai', () => {
    const { status, stdout } = run('-n', 'eai', '-p', 'linux', '--', '-3');
    expect(status).toBe(0);
    expect(stdout).toMatch(/eai\s+linux\s+EAI_AGAIN\s+-3/);
    expect(stdout).toMatch(/winsock\s+win32\s+WSATRY_AGAIN\s+11002/);
  });

  it('searches names and messages', () => {
    const { status, stdout } = run('--search', 'in use');
    expect(status).toBe(0);
    expect(stdout).toMatch(/errno\s+linux\s+EADDRINUSE\s+98\s+Address already in use/);
    expect(stdout).toMatch(/winsock\s+win32\s+WSAEADDRINUSE/);
    expect(run('-s', 'IN USE').stdout).toBe(stdout);
  });

  it('notes where libuv on Windows reports a Winsock code under another name', () => {
    expect(run('WSAEINTR').stdout).toMatch(
      /\nnote: libuv on Windows reports WSAEINTR \(10004\) as ECANCELED\. Node shows code ECANCELED, errno -4081\.\n$/,
    );
    expect(run('WSAEADDRINUSE').stdout).not.toMatch(/note:/);
  });

  it('narrows --search and --list with --platform and --namespace', () => {
    const rows = JSON.parse(run('--json', '-s', 'refused', '-p', 'win32', '-n', 'uv').stdout) as {
      platform: string;
      namespace: string;
    }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatchObject({ platform: 'win32', namespace: 'uv' });
    const winsockRows = JSON.parse(run('--json', '--list', '-n', 'winsock').stdout) as unknown[];
    expect(winsockRows).toHaveLength(
      Object.keys(winsock).length + Object.keys(winsockAliases).length,
    );
  });

  it('prints JSON rows with --json', () => {
    const { status, stdout } = run('--json', 'EADDRINUSE');
    expect(status).toBe(0);
    const parsed = JSON.parse(stdout) as { namespace: string; platform: string; number: number }[];
    expect(parsed).toHaveLength(9);
    expect(parsed).toContainEqual(expect.objectContaining({ namespace: 'winsock', number: 10048 }));
    expect(JSON.parse(run('--json', '--search', 'in use').stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'EADDRINUSE', platform: 'darwin' })]),
    );
  });

  it('lists every entry with --list', () => {
    const { status, stdout } = run('--list', '--json');
    expect(status).toBe(0);
    let total = Object.keys(winsock).length + Object.keys(winsockAliases).length;
    for (const platform of platforms)
      total += [errno, uv, eai].reduce(
        (sum, table) => sum + Object.keys(table[platform]).length,
        0,
      );
    expect((JSON.parse(stdout) as unknown[]).length).toBe(total);
  });

  it('exits 1 when nothing is found, after printing what was', () => {
    expect(run('ENOSUCHERROR')).toEqual({
      status: 1,
      stdout: '',
      stderr: 'sock-errno: no error is named or numbered ENOSUCHERROR\n',
    });
    const mixed = run('EADDRINUSE', '999999');
    expect(mixed.status).toBe(1);
    expect(mixed.stdout).toMatch(/EADDRINUSE/);
    expect(run('--search', 'no message says this').status).toBe(1);
  });

  it.each([
    [[]],
    [['--bogus']],
    [['-x', 'EADDRINUSE']],
    [['--platform']],
    [['--platform', 'beos', '1']],
    [['--namespace', 'hresult', '1']],
    [['--json=yes', 'EADDRINUSE']],
    [['--search', 'x', 'EADDRINUSE']],
    [['--list', '--search', 'x']],
  ])('exits 64 on the usage error %j', (argv) => {
    const { status, stdout, stderr } = run(...argv);
    expect(status).toBe(64);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^sock-errno: .+\n\nUsage: sock-errno/);
  });

  it('prints help and version', () => {
    expect(run('--help')).toMatchObject({
      status: 0,
      stdout: expect.stringMatching(/^Usage: sock-errno/) as unknown,
    });
    expect(run('-h').status).toBe(0);
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(run('--version')).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });
});

describe('the built sock-errno bin', () => {
  const bin = fileURLToPath(new URL('../bin/sock-errno.js', import.meta.url));
  const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
  // A dist/ from before main() existed cannot be run this way; `pnpm turbo run build` refreshes it.
  const built = existsSync(cli) && readFileSync(cli, 'utf8').includes('export {');

  it.skipIf(!built)('runs with the process arguments and sets the exit status', () => {
    const found = spawnSync(process.execPath, [bin, 'EADDRINUSE'], { encoding: 'utf8' });
    expect(found.status).toBe(0);
    expect(found.stdout).toMatch(/winsock\s+win32\s+WSAEADDRINUSE\s+10048/);
    const missing = spawnSync(process.execPath, [bin, 'ENOSUCHERROR'], { encoding: 'utf8' });
    expect(missing.status).toBe(1);
    const usage = spawnSync(process.execPath, [bin], { encoding: 'utf8' });
    expect(usage.status).toBe(64);
  });
});

// The command as a user runs it: the built bin/sock-errno.js in a process of its own, its output
// into a pipe that closes early or a file that is full.
const bin = fileURLToPath(new URL('../bin/sock-errno.js', import.meta.url));
const builtCli = existsSync(fileURLToPath(new URL('../dist/cli.js', import.meta.url)));

describe.skipIf(!builtCli)('sock-errno as a process', () => {
  it('ends quietly with 0 when the reader stops early (| head -1)', () => {
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" --list | head -1`], {
      encoding: 'utf8',
    });
    expect(result.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+PLATFORM/);
    expect(result.stderr).toBe('');
    // `sh -c` reports the status of the last command of a pipe; PIPESTATUS is bash's, so run the
    // command with its output into a pipe that closes at once and read its own status instead.
    const own = spawnSync(
      'sh',
      [
        '-c',
        `("${process.execPath}" "${bin}" --list; echo "status $?" >&2) | head -c 1 >/dev/null`,
      ],
      { encoding: 'utf8' },
    );
    expect(own.stderr.trim()).toBe('status 0');
  });

  it.skipIf(!existsSync('/dev/full'))(
    'reports a full disk in one line and exits with 74, not 1 (not found)',
    () => {
      const result = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" --list > /dev/full`], {
        encoding: 'utf8',
      });
      expect(result.status).toBe(74);
      expect(result.stderr).toBe('sock-errno: cannot write the output: ENOSPC\n');
    },
  );
});
