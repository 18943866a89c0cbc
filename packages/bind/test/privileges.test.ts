import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SockError } from '@sock/errors';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { dropPrivileges, type DropPrivilegesOptions } from '../src/privileges.js';

const isRoot = process.platform !== 'win32' && process.geteuid?.() === 0;

// tsx runs the TypeScript source in the child; it comes with vitest's peers rather than this
// package, so it is found through vitest, and the tests skip where it is not there.
const tsxLoader = ((): string | undefined => {
  try {
    const require = createRequire(import.meta.url);
    const fromVitest = createRequire(require.resolve('vitest/package.json'));
    return pathToFileURL(fromVitest.resolve('tsx')).href;
  } catch {
    return undefined;
  }
})();

const source = pathToFileURL(fileURLToPath(new URL('../src/privileges.ts', import.meta.url))).href;

// The child maps @sock/errors to its source, as vitest's alias does here, so that it never loads a
// dist/ that is stale or being rebuilt: a tsconfig with `paths`, handed to tsx through its env.
let tsconfigDir: string | undefined;
function childTsconfig(): string {
  tsconfigDir ??= mkdtempSync(join(tmpdir(), 'sock-privileges-'));
  const path = join(tsconfigDir, 'tsconfig.json');
  const errors = fileURLToPath(new URL('../../errors/src/index.ts', import.meta.url));
  writeFileSync(path, JSON.stringify({ compilerOptions: { paths: { '@sock/errors': [errors] } } }));
  return path;
}
afterAll(() => {
  if (tsconfigDir !== undefined) rmSync(tsconfigDir, { recursive: true, force: true });
});

function thrown(fn: () => unknown): SockError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SockError) return error;
    throw error;
  }
  throw new Error('expected a SockError to be thrown');
}

interface ChildReport {
  readonly result?: { uid: number; gid: number };
  readonly error?: { code: string; message: string; name: string };
  readonly uid: number;
  readonly euid: number;
  readonly gid: number;
  readonly groups: number[];
  readonly served?: boolean;
  readonly second?: { code?: string; result?: unknown };
}

// Runs dropPrivileges(options) in a fresh node process and reports what became of its ids; with
// `serve`, a listener bound before the drop must still accept a connection after it.
async function dropInChild(
  options: unknown,
  extra: { serve?: boolean; platform?: string; again?: unknown; worker?: boolean } = {},
): Promise<ChildReport> {
  const script = `
    import * as net from 'node:net';
    const [options, extra] = JSON.parse(process.argv[1]);
    if (extra.platform) Object.defineProperty(process, 'platform', { value: extra.platform });
    const { dropPrivileges } = await import(${JSON.stringify(source)});
    if (extra.worker) {
      // A worker does not inherit the tsx hooks, so it loads the source through tsx's tsImport().
      const { Worker } = await import('node:worker_threads');
      const worker = new Worker(
        \`let parentPort;
        import('node:worker_threads').then((w) => { parentPort = w.parentPort; return import(${JSON.stringify(new URL('./esm/api/index.mjs', tsxLoader ?? 'file:///').href)}) }).then((tsx) => tsx.tsImport(${JSON.stringify(source)}, import.meta.url)).then((m) => {
          try { m.dropPrivileges({ user: 'nobody' }); parentPort.postMessage('dropped'); }
          catch (e) { parentPort.postMessage(e.code); }
        });\`,
        { eval: true },
      );
      const [code] = await new Promise((r) => worker.once('message', (m) => r([m])));
      await worker.terminate();
      console.log(JSON.stringify({ error: { code }, uid: process.getuid(), euid: process.geteuid(), gid: process.getgid(), groups: process.getgroups() }));
      process.exit(0);
    }
    let server;
    if (extra.serve) {
      server = net.createServer((c) => c.end('hi'));
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
    }
    const report = {};
    try {
      report.result = dropPrivileges(options);
    } catch (e) {
      report.error = { code: e.code, message: e.message, name: e.name };
    }
    if (extra.again !== undefined) {
      try {
        report.second = { result: dropPrivileges(extra.again) };
      } catch (e) {
        report.second = { code: e.code };
      }
    }
    if (server) {
      const socket = net.connect(server.address().port, '127.0.0.1');
      let data = '';
      for await (const chunk of socket) data += chunk;
      report.served = data === 'hi';
      server.close();
    }
    Object.assign(report, {
      uid: process.getuid(), euid: process.geteuid(), gid: process.getgid(), groups: process.getgroups(),
    });
    console.log(JSON.stringify(report));
  `;
  const child = spawn(
    process.execPath,
    [
      '--import',
      tsxLoader ?? '',
      '--input-type=module',
      '-e',
      script,
      JSON.stringify([options, extra]),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TSX_TSCONFIG_PATH: childTsconfig() },
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`child exited with ${code}: ${err}`);
  return JSON.parse(out) as ChildReport;
}

describe.skipIf(!isRoot || tsxLoader === undefined)(
  'dropPrivileges as root (child process)',
  () => {
    it('drops to nobody/nogroup by name, for good, and keeps serving', async () => {
      const report = await dropInChild({ user: 'nobody', group: 'nogroup' }, { serve: true });
      expect(report.error).toBeUndefined();
      expect(report.result).toEqual({ uid: 65534, gid: 65534 });
      expect(report).toMatchObject({ uid: 65534, euid: 65534, gid: 65534, groups: [65534] });
      expect(report.served).toBe(true);
    });

    it('takes numeric ids, and the primary group from /etc/passwd when none is given', async () => {
      const report = await dropInChild({ user: 65534 });
      expect(report.result).toEqual({ uid: 65534, gid: 65534 });
      expect(report.groups).toEqual([65534]);
      const numericText = await dropInChild({ user: '65534', group: '65534' });
      expect(numericText.result).toEqual({ uid: 65534, gid: 65534 });
    });

    it('is a no-op when asked again for the same user, and refuses another one', async () => {
      const same = await dropInChild(
        { user: 'nobody', group: 'nogroup' },
        { again: { user: 65534, group: 65534 } },
      );
      expect(same.second).toEqual({ result: { uid: 65534, gid: 65534 } });
      const other = await dropInChild(
        { user: 'nobody', group: 'nogroup' },
        { again: { user: 'daemon' } },
      );
      expect(other.second).toEqual({ code: 'ERR_SOCK_PRIVILEGES' });
    });

    it('fails on an unknown user or group before changing anything', async () => {
      const user = await dropInChild({ user: 'sock-no-such-user', group: 'nogroup' });
      expect(user.error).toMatchObject({ code: 'ERR_SOCK_PRIVILEGES', name: 'SockError' });
      expect(user.error?.message).toContain('`sock-no-such-user`');
      expect(user.error?.message).toContain('no such entry');
      expect(user).toMatchObject({ uid: 0, euid: 0, gid: 0 });
      const group = await dropInChild({ user: 'nobody', group: 'sock-no-such-group' });
      expect(group.error?.code).toBe('ERR_SOCK_PRIVILEGES');
      expect(group.error?.message).toContain('group `sock-no-such-group`');
      expect(group).toMatchObject({ uid: 0, euid: 0, gid: 0 });
    });

    it('refuses root as the target', async () => {
      const report = await dropInChild({ user: 'root' });
      expect(report.error?.code).toBe('ERR_SOCK_INVALID_ARGUMENT');
      expect(report.error?.message).toContain('uid 0');
      expect(report.euid).toBe(0);
    });

    it('is unsupported in a worker thread, where Node forbids setuid()', async () => {
      const report = await dropInChild({}, { worker: true });
      expect(report.error?.code).toBe('ERR_SOCK_UNSUPPORTED');
      expect(report.euid).toBe(0);
    });

    it('is unsupported on Windows', async () => {
      const report = await dropInChild({ user: 'nobody' }, { platform: 'win32' });
      expect(report.error?.code).toBe('ERR_SOCK_UNSUPPORTED');
      expect(report.euid).toBe(0);
    });
  },
);

describe.skipIf(process.platform === 'win32' || isRoot)('dropPrivileges when not root', () => {
  it('refuses to switch to another user, and is a no-op for the current one', () => {
    const error = thrown(() => dropPrivileges({ user: 'sock-no-such-user' }));
    expect(error.code).toBe('ERR_SOCK_PRIVILEGES');
    expect(error.message).toContain('not root');
    const uid = process.getuid?.() ?? -1;
    expect(dropPrivileges({ user: uid, group: process.getgid?.() ?? -1 })).toEqual({
      uid,
      gid: process.getgid?.(),
    });
  });
});

describe.skipIf(process.platform === 'win32')('dropPrivileges input checks', () => {
  // Validation happens before any id changes, so these run safely in the test process itself.
  it.each<[unknown, RegExp]>([
    [null, /`options` argument must be an object.*got null\./],
    [{}, /`user` option is required/],
    [{ group: 'nogroup' }, /`user` option is required/],
    [{ user: '' }, /`user` option must be .*got ''\./],
    [{ user: -1 }, /`user` option .*got -1\./],
    [{ user: 1.5 }, /got 1\.5\./],
    [{ user: 2 ** 32 - 1 }, /got 4294967295\./],
    [{ user: 'no body' }, /got 'no body'\./],
    [{ user: 'a:b' }, /got 'a:b'\./],
    [{ user: 'nobody', group: {} }, /`group` option .*got an object\./],
  ])('rejects %o', (options, message) => {
    const error = thrown(() => dropPrivileges(options as DropPrivilegesOptions));
    expect(error.code).toBe('ERR_SOCK_INVALID_ARGUMENT');
    expect(error.message).toMatch(message);
  });

  it('rejects every id that is not an integer from 0 to 2^32-2', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ max: -1 }), fc.double({ noInteger: true }), fc.constant(2 ** 32)),
        (user) => {
          try {
            dropPrivileges({ user });
            return false;
          } catch (error) {
            return error instanceof SockError && error.code === 'ERR_SOCK_INVALID_ARGUMENT';
          }
        },
      ),
    );
  });
});
