import { randomBytes } from 'node:crypto';
import { watch, writeFileSync, existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { link, mkdtemp, rm } from 'node:fs/promises';
import * as http from 'node:http';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bind, isBindError, serve } from '@sock/bind';
import { builtDist, fixture, run } from './helpers-child.js';
import { activeResources, fdCount, httpGet, leftBehind, settle } from '@sock/test-helpers';

const linux = process.platform === 'linux';
const posix = process.platform !== 'win32';
const root = posix && process.getuid?.() === 0;

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sock-path-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function listen(path: string, handler?: (socket: net.Socket) => void): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer(
      handler ??
        ((s) => {
          // bind() probes the path with a connection it drops at once.
          s.on('error', () => undefined);
          s.end('other');
        }),
    );
    server.once('error', reject);
    server.listen(path, () => resolve(server));
  });
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

async function getVia(socketPath: string): Promise<string> {
  return (await httpGet({ socketPath })).body;
}

/** Makes a socket file nobody listens on, as a crashed server leaves behind. */
async function staleSocket(path: string): Promise<void> {
  const live = join(dir, 'live.sock');
  const server = await listen(live);
  await link(live, path);
  // libuv removes the name it bound; the second name stays, with no listener behind it.
  await closeServer(server);
}

/** Whatever `fn` leaves behind: descriptors, handles, files in the test directory. */
async function leftovers(fn: () => Promise<unknown>): Promise<{
  fds: number;
  resources: string[];
  files: string[];
}> {
  const files = readdirSync(dir);
  const fds = fdCount();
  const resources = activeResources();
  await fn().catch(() => undefined);
  await settle();
  return {
    fds: fdCount() - fds,
    resources: leftBehind(resources, activeResources()),
    files: readdirSync(dir).filter((f) => !files.includes(f)),
  };
}

const nothing = { fds: 0, resources: [], files: [] };

describe.skipIf(!posix)('bind({ path }): Unix domain sockets', () => {
  it('listens on the path; serve() answers there; close() removes the file', async () => {
    const path = join(dir, 'app.sock');
    const binding = await bind({ path });
    expect(binding.protocol).toBe('unix');
    expect(binding.path).toBe(path);
    expect(binding.addresses).toEqual([]);
    serve((_req, res) => res.end('over unix'), binding);
    expect(await getVia(path)).toBe('over unix');
    await binding.close();
    expect(existsSync(path)).toBe(false);
  });

  it('replaces a stale socket file that refuses connections', async () => {
    const path = join(dir, 'stale.sock');
    await staleSocket(path);
    expect(lstatSync(path).isSocket()).toBe(true);
    await using binding = await bind({ path });
    serve((_req, res) => res.end('fresh'), binding);
    expect(await getVia(path)).toBe('fresh');
  });

  it.skipIf(!linux)(
    'refuses a path someone listens on with EADDRINUSE naming the holder',
    async () => {
      const path = join(dir, 'busy.sock');
      const other = await listen(path);
      try {
        const err: unknown = await bind({ path }).catch((e: unknown) => e);
        expect(isBindError(err)).toBe(true);
        expect(err).toMatchObject({ code: 'EADDRINUSE', step: 'bind' });
        const { message, holders } = err as { message: string; holders: { pid: number }[] };
        expect(message).toContain(path);
        expect(message).toContain(`(pid ${process.pid})`);
        expect(holders.map((h) => h.pid)).toContain(process.pid);
        // The other server still owns its file and answers.
        const text = await new Promise<string>((resolve) => {
          let data = '';
          net
            .connect(path)
            .on('data', (d: Buffer) => (data += d.toString()))
            .on('close', () => resolve(data));
        });
        expect(text).toBe('other');
      } finally {
        await closeServer(other);
      }
    },
  );

  it('refuses a path that is not a socket, and leaves it as it was', async () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'keep me');
    await expect(bind({ path })).rejects.toMatchObject({
      code: 'EADDRINUSE',
      message: expect.stringContaining('is not a socket') as unknown,
    });
    expect(readFileSync(path, 'utf8')).toBe('keep me');
  });

  it('sets mode before the socket appears under its name', async () => {
    const path = join(dir, 'private.sock');
    const seen: number[] = [];
    // Every time the name appears, its permissions at that moment.
    const watcher = watch(dir, (_event, name) => {
      if (name !== 'private.sock') return;
      try {
        seen.push(lstatSync(path).mode & 0o777);
      } catch {
        // Gone again.
      }
    });
    try {
      await using binding = await bind({ path, mode: 0o600 });
      expect(lstatSync(path).mode & 0o777).toBe(0o600);
      expect(lstatSync(path).isSocket()).toBe(true);
      serve((_req, res) => res.end('private'), binding);
      expect(await getVia(path)).toBe('private');
      // No temporary name left in the directory.
      expect(readdirSync(dir)).toEqual(['private.sock']);
      await settle();
      expect(seen.every((mode) => mode === 0o600)).toBe(true);
    } finally {
      watcher.close();
    }
    expect(existsSync(path)).toBe(false);
  });

  it("takes mode as an octal string, like chmod's", async () => {
    const path = join(dir, 'group.sock');
    await using _binding = await bind({ path, mode: '660' });
    expect(lstatSync(path).mode & 0o777).toBe(0o660);
  });

  it.skipIf(!root)('sets owner and group (as root)', async () => {
    const path = join(dir, 'owned.sock');
    await using _binding = await bind({ path, owner: 65534, group: 65534, mode: 0o660 });
    const stats = lstatSync(path);
    expect([stats.uid, stats.gid, stats.mode & 0o777]).toEqual([65534, 65534, 0o660]);
  });

  it('close() leaves alone a file that replaced its socket', async () => {
    const path = join(dir, 'replaced.sock');
    const binding = await bind({ path, mode: 0o600 });
    await rm(path);
    writeFileSync(path, 'new owner');
    await binding.close();
    expect(readFileSync(path, 'utf8')).toBe('new owner');
  });

  it('drains a served HTTP server on close() like on TCP', async () => {
    const path = join(dir, 'drain.sock');
    const binding = await bind({ path });
    serve((_req, res) => res.end('ok'), binding);
    const agent = new http.Agent({ keepAlive: true });
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const req = http.get({ socketPath: path, path: '/', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(req.socket!));
      });
      req.on('error', reject);
    });
    await binding.close({ timeout: 600_000 });
    await new Promise<void>((resolve) =>
      socket.destroyed ? resolve() : socket.once('close', () => resolve()),
    );
    agent.destroy();
  });

  it.skipIf(!builtDist())(
    'in a cluster worker: a shared path binds; mode needs exclusive: true',
    async () => {
      const path = join(dir, 'cluster.sock');
      const result = await run(process.execPath, [fixture('cluster-path-child.mjs'), path]);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({
        plain: 'bound',
        mode: 'ERR_SOCK_UNSUPPORTED',
        exclusive: 'bound',
      });
    },
  );

  describe('failure paths leave no file, descriptor or handle behind', () => {
    it.skipIf(!linux)('a live socket at the path', async () => {
      const path = join(dir, 'busy.sock');
      const other = await listen(path);
      try {
        expect(await leftovers(() => bind({ path }))).toEqual(nothing);
        expect(await leftovers(() => bind({ path, mode: 0o600 }))).toEqual(nothing);
      } finally {
        await closeServer(other);
      }
    });

    it('a regular file at the path', async () => {
      const path = join(dir, 'file');
      writeFileSync(path, '');
      expect(await leftovers(() => bind({ path }))).toEqual(nothing);
      expect(await leftovers(() => bind({ path, mode: 0o600 }))).toEqual(nothing);
    });

    it('a directory that does not exist', async () => {
      const path = join(dir, 'missing', 'app.sock');
      await expect(bind({ path })).rejects.toMatchObject({ code: 'ENOENT' });
      await expect(bind({ path, mode: 0o600 })).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await leftovers(() => bind({ path }))).toEqual(nothing);
      expect(await leftovers(() => bind({ path, mode: 0o600 }))).toEqual(nothing);
    });

    it.skipIf(!posix || root)('an owner this user may not give the file', async () => {
      const path = join(dir, 'chown.sock');
      await expect(bind({ path, owner: 0 })).rejects.toMatchObject({ code: 'EPERM' });
      expect(await leftovers(() => bind({ path, owner: 0 }))).toEqual(nothing);
    });

    it('an aborted signal', async () => {
      const path = join(dir, 'aborted.sock');
      const signal = AbortSignal.abort(new Error('stop'));
      await expect(bind({ path, signal })).rejects.toThrow('stop');
      expect(await leftovers(() => bind({ path, signal }))).toEqual(nothing);
    });

    it('an abort at any step, with and without mode', async () => {
      // Aborted after 0, 1, 2... turns of the event loop, so that it lands in each step in turn
      // (stale check, temporary directory, listen, chmod, link): whatever completes is closed.
      for (const mode of [undefined, 0o600]) {
        for (let turns = 0; turns < 12; turns++) {
          const path = join(dir, `abort-${turns}.sock`);
          const controller = new AbortController();
          const left = await leftovers(async () => {
            const pending = bind({ path, signal: controller.signal, ...(mode && { mode }) });
            for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
            controller.abort(new Error('stop'));
            const binding = await pending.catch(() => undefined);
            // Finished before the abort: closing it must leave nothing either.
            await binding?.close();
          });
          expect(left, `mode ${mode}, ${turns} turns`).toEqual(nothing);
        }
      }
    });

    it('a successful bind and close, for comparison', async () => {
      const path = join(dir, 'ok.sock');
      expect(
        await leftovers(async () => {
          const binding = await bind({ path, mode: 0o600 });
          serve((_req, res) => res.end(), binding);
          await getVia(path);
          await binding.close();
        }),
      ).toEqual(nothing);
    });
  });
});

describe.skipIf(!linux)('bind({ path }): Linux abstract names', () => {
  it('listens on an abstract name, and a second bind names the holder', async () => {
    const path = `\0sock-test-${randomBytes(6).toString('hex')}`;
    await using binding = await bind({ path });
    expect(binding.path).toBe(path);
    serve((_req, res) => res.end('abstract'), binding);
    expect(await getVia(path)).toBe('abstract');
    const err: unknown = await bind({ path }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'EADDRINUSE' });
    expect((err as Error).message).toContain(`@${path.slice(1)}`);
    expect((err as Error).message).toContain(`(pid ${process.pid})`);
  });

  it('refuses mode, owner and group, which an abstract name has no file for', async () => {
    await expect(bind({ path: '\0sock-test-mode', mode: 0o600 })).rejects.toMatchObject({
      code: 'ERR_SOCK_INVALID_OPTION',
      message: expect.stringContaining('abstract') as unknown,
    });
  });
});

describe('bind({ path }): options', () => {
  it.each([
    ['host', { host: '127.0.0.1' }],
    ['port', { port: 8080 }],
    ['family', { family: 4 }],
    ['exclude', { exclude: [80] }],
    ['protocol', { protocol: 'tcp' }],
    ['strategy', { strategy: 'first' }],
    ['ipv6Only', { ipv6Only: true }],
    ['reuseAddr', { reuseAddr: true }],
    ['reusePort', { reusePort: true }],
    ['lookup', { lookup: () => undefined }],
    ['systemd', { systemd: true }],
    ['onAttempt', { onAttempt: () => undefined }],
  ] as const)('refuses `%s` beside `path`', async (key, extra) => {
    await expect(bind({ path: join(tmpdir(), 'never.sock'), ...extra })).rejects.toMatchObject({
      code: 'ERR_SOCK_INVALID_OPTION',
      message: expect.stringContaining(`\`${key}\``) as unknown,
    });
  });

  it.each([
    [{ mode: 0o600 }, 'The `mode` option applies to a Unix socket file only'],
    [{ path: '' }, 'The `path` option must be a socket file path'],
    [{ path: 42 }, 'The `path` option must be a socket file path'],
    [{ path: 'a\0b' }, 'must not contain a NUL'],
    [{ path: `/tmp/${'x'.repeat(120)}` }, 'a Unix socket path has at most'],
    [{ path: `/tmp/${'x'.repeat(95)}`, mode: 0o600 }, 'With `mode`, `owner` or `group`'],
    [{ path: '/tmp/a.sock', mode: 0o1777 }, 'The `mode` option must be permission bits'],
    [{ path: '/tmp/a.sock', mode: 'rw' }, 'The `mode` option must be permission bits'],
    [{ path: '/tmp/a.sock', owner: 'no such user here' }, 'The `owner` option must be'],
    [{ path: '/tmp/a.sock', group: 'nosuchgroupzz' }, 'does not list'],
    [{ path: '/tmp/a.sock', timout: 5 }, 'Unknown option `timout`'],
  ])('refuses %o', async (options, message) => {
    if (!posix) return;
    await expect(bind(options as never)).rejects.toMatchObject({
      code: 'ERR_SOCK_INVALID_OPTION',
      message: expect.stringContaining(message) as unknown,
    });
  });

  it('checks Windows pipe names, and refuses them off Windows', async () => {
    await expect(bind({ path: '\\\\.\\pipe\\' })).rejects.toMatchObject({
      code: 'ERR_SOCK_INVALID_OPTION',
      message: expect.stringContaining('not a valid pipe name') as unknown,
    });
    await expect(bind({ path: '\\\\.\\pipe\\a\\b' })).rejects.toMatchObject({
      code: 'ERR_SOCK_INVALID_OPTION',
    });
    if (process.platform !== 'win32') {
      await expect(bind({ path: '\\\\.\\pipe\\sock-test' })).rejects.toMatchObject({
        code: 'ERR_SOCK_UNSUPPORTED',
        message: expect.stringContaining('Windows named pipe') as unknown,
      });
    }
  });
});
