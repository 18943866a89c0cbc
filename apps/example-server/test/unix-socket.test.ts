import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpGet, type HttpAnswer } from '@sock/test-helpers';
import { parseCli } from '../src/cli.js';
import { built, notBuiltMessage, spawnServer, startServer } from './helpers/server-process.js';

if (!built) console.warn(`skipping the end-to-end tests: ${notBuiltMessage}`);

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sock-server-path-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function getVia(socketPath: string, path = '/healthz'): Promise<HttpAnswer> {
  return httpGet({ socketPath, path });
}

function curl(args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('curl', args, (err, stdout) => resolve(err ? undefined : stdout));
  });
}

describe('sock-server --path: the command line', () => {
  it('takes --path and SOCK_PATH', () => {
    expect(parseCli(['--path', '/run/app.sock'], {})).toMatchObject({
      kind: 'run',
      config: { path: '/run/app.sock' },
    });
    expect(parseCli([], { SOCK_PATH: '/run/env.sock' })).toMatchObject({
      config: { path: '/run/env.sock' },
    });
  });

  it.each([
    [['--path', '/run/a.sock', '--port', '0'], '`--port`'],
    [['--path', '/run/a.sock', '--host', '127.0.0.1'], '`--host`'],
    [['--path', '/run/a.sock', '--systemd'], '`--systemd`'],
    [['--path', '/run/a.sock', '--protocol', 'udp'], 'udp'],
  ])('refuses %j', (argv, named) => {
    expect(() => parseCli(argv, {})).toThrow(
      expect.objectContaining({
        exitCode: 64,
        message: expect.stringContaining(named) as unknown,
      }),
    );
  });
});

describe.skipIf(!built || process.platform === 'win32')('sock-server --path end to end', () => {
  it('serves HTTP on the socket, and removes it when stopped', async () => {
    const path = join(dir, 'web.sock');
    await using server = await startServer(['--path', path]);
    expect(server.urls).toEqual([`http+unix:${path}`]);
    expect((await getVia(path)).status).toBe(200);
    const viaCurl = await curl(['-sS', '--unix-socket', path, 'http://localhost/healthz']);
    if (viaCurl !== undefined) expect(viaCurl.length).toBeGreaterThan(0);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(existsSync(path)).toBe(false);
  });

  it('serves one socket from two cluster workers', async () => {
    const path = join(dir, 'cluster.sock');
    await using server = await startServer(['--path', path, '--workers', '2']);
    await server.waitFor((r) => r.event === 'ready' && r['worker'] === 2);
    await server.waitFor((r) => r.event === 'ready' && r['worker'] === 1);
    const workers = new Set<unknown>();
    for (let i = 0; i < 6; i++) {
      const { body } = await getVia(path, '/');
      workers.add((JSON.parse(body) as { worker: unknown }).worker);
    }
    // Round-robin from the primary: both workers answer.
    expect([...workers].sort()).toEqual([1, 2]);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(existsSync(path)).toBe(false);
  });

  it('serves the TCP echo on SOCK_PATH', async () => {
    const path = join(dir, 'echo.sock');
    await using server = await startServer(['--protocol', 'echo'], { env: { SOCK_PATH: path } });
    expect(server.urls).toEqual([`tcp+unix:${path}`]);
    const net = await import('node:net');
    const echoed = await new Promise<string>((resolve, reject) => {
      let data = '';
      const socket = net.connect(path, () => socket.end('ping\n'));
      socket.on('data', (d: Buffer) => (data += d.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(echoed).toContain('ping');
  });

  it('a path someone listens on ends with exit 69 and names the holder', async () => {
    const path = join(dir, 'busy.sock');
    await using first = await startServer(['--path', path]);
    await using second = spawnServer(['--log-format', 'json', '--path', path]);
    expect(await second.exited).toBe(69);
    const text = `${second.stderr()}\n${second.records.map((r) => r.msg).join('\n')}`;
    expect(text).toContain('EADDRINUSE');
    if (process.platform === 'linux') expect(text).toContain(`(pid ${first.child.pid})`);
    // The first server still answers on its socket.
    expect((await getVia(path)).status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  });
});
