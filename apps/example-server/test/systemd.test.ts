import { once } from 'node:events';
import { existsSync } from 'node:fs';
import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
import { built, spawnServer } from './helpers/server-process.js';

const activate = '/usr/bin/systemd-socket-activate';

describe.skipIf(!built || !existsSync(activate))('sock-server --systemd', () => {
  it('serves the socket systemd-socket-activate passes', async () => {
    // systemd-socket-activate needs a fixed port: take a free one and hand it over at once.
    const probe = net.createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as net.AddressInfo;
    probe.close();
    await once(probe, 'close');
    await using server = spawnServer(['--systemd', '--log-format', 'json'], {
      prefix: [activate, '-l', `127.0.0.1:${port}`],
    });
    // It listens, then says so on stderr: a connection before that line would be refused.
    const stderr = server.child.stderr!;
    await new Promise<void>((resolve) => {
      const listening = (): void => {
        if (!server.stderr().includes('Listening on')) return;
        stderr.off('data', listening);
        resolve();
      };
      stderr.on('data', listening);
      listening();
    });
    // systemd-socket-activate starts the server on the first connection, like a .socket unit.
    const status = (await (await fetch(`http://127.0.0.1:${port}/`)).json()) as { pid: number };
    const ready = await server.waitFor((r) => r.event === 'ready');
    expect(ready['urls']).toEqual([`http://127.0.0.1:${port}`]);
    expect(server.records.find((r) => r.event === 'attempt')?.msg).toMatch(
      /^adopt 127\.0\.0\.1:\d+ tcp: bound/,
    );
    // It execs the server in its own process, so LISTEN_PID matches the pid we spawned.
    expect(status.pid).toBe(server.child.pid);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('exits 78 when --systemd is given but no sockets were passed', async () => {
    await using server = spawnServer(['--systemd', '--log-format', 'json']);
    expect(await server.exited).toBe(78);
    expect(server.stderr()).toContain('ERR_SOCK_SYSTEMD');
  });
});
