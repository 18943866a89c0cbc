import * as dgram from 'node:dgram';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import * as net from 'node:net';
import { occupyPort } from '@sock/test-helpers';
import { describe, expect, it } from 'vitest';
import {
  built,
  notBuiltMessage,
  onLoopback,
  spawnServer,
  startServer,
} from './helpers/server-process.js';

if (!built) console.warn(`skipping the end-to-end tests: ${notBuiltMessage}`);

describe.skipIf(!built)('sock-server end to end', () => {
  it('skips the ports browsers refuse when an HTTP server scans a list or range', async () => {
    // 6665 and 6666 are on Chrome's and Firefox's blocked lists: never tried, so port 0 serves.
    await using server = await startServer(['--host', '127.0.0.1', '--port', '6665,6666,0']);
    const port = server.ready['port'] as number;
    expect([6665, 6666]).not.toContain(port);
    const tried = server.records.filter((r) => r.event === 'attempt').map((r) => r.msg);
    expect(tried).toEqual([`bind 127.0.0.1:${port} tcp: bound`]);
    const res = await fetch(server.urls[0]!);
    expect(res.status).toBe(200);
  });

  it('starts on localhost, shows each step, serves HTTP and stops on SIGTERM with 0', async () => {
    await using server = await startServer(['--port', '0']);
    const port = server.ready['port'] as number;
    expect(server.urls).toEqual([`http://127.0.0.1:${port}`]);
    const steps = server.records
      .filter((r) => r.event !== undefined)
      .map((r) => `${r.event}: ${r.msg}`);
    expect(steps).toEqual([
      'resolve: getaddrinfo localhost:0 -> 127.0.0.1:0 tcp',
      `attempt: bind 127.0.0.1:${port} tcp: bound`,
      `listening: listening on http://127.0.0.1:${port}`,
      `ready: ready: http://127.0.0.1:${port} (pid ${server.child.pid})`,
    ]);
    const status = (await (
      await fetch(server.urls[0]!, { headers: { accept: 'application/json' } })
    ).json()) as Record<string, unknown>;
    expect(status).toMatchObject({
      pid: server.child.pid,
      worker: 0,
      addresses: [{ family: 4, address: '127.0.0.1', port }],
      candidates: [{ family: 4, address: '127.0.0.1', port: 0, protocol: 'tcp' }],
      requests: 1,
    });
    expect((await fetch(`${server.urls[0]}/healthz`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.records.map((r) => r.event)).toContain('stopped');
  });

  it.each(['127.0.0.1', '::1'])('serves on --host %s', async (host) => {
    await using server = await startServer(['--host', host, '--port', '0']);
    const port = server.ready['port'] as number;
    const url = host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
    expect(server.urls).toEqual([url]);
    expect(((await (await fetch(url)).json()) as { urls: string[] }).urls).toEqual([url]);
  });

  it('warns that a wildcard bind is reachable from the network', async () => {
    await using server = await startServer(['--host', '0.0.0.0', '--port', '0']);
    const warning = await server.waitFor((r) => r.event === 'exposed');
    expect(warning).toMatchObject({ level: 40, address: '0.0.0.0' });
    expect(warning.msg).toMatch(/reachable from the network/);
    expect((await fetch(`http://127.0.0.1:${server.ready['port'] as number}/healthz`)).status).toBe(
      200,
    );
  });

  it('echoes TCP with --protocol echo', async () => {
    await using server = await startServer(['--protocol', 'echo', ...onLoopback]);
    expect(server.urls[0]).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    const socket = net.connect(server.ready['port'] as number, '127.0.0.1');
    socket.end('hello, echo');
    let received = '';
    for await (const chunk of socket) received += String(chunk);
    expect(received).toBe('hello, echo');
  });

  it.each([
    ['127.0.0.1', 'udp4'],
    ['::1', 'udp6'],
  ] as const)('echoes UDP with --protocol udp on %s', async (host, type) => {
    await using server = await startServer(['--protocol', 'udp', '--host', host, '--port', '0']);
    expect(server.urls[0]).toMatch(/^udp:\/\//);
    const client = dgram.createSocket(type);
    try {
      client.send('ping', server.ready['port'] as number, host);
      const [message] = (await once(client, 'message')) as [Buffer];
      expect(message.toString()).toBe('ping');
    } finally {
      client.close();
    }
  });

  it('explains EADDRINUSE with the numbers, the holder and a hint, and exits 69', async () => {
    await using held = await occupyPort('127.0.0.1');
    await using server = spawnServer([
      '--host',
      '127.0.0.1',
      '--port',
      String(held.port),
      '--log-format',
      'json',
    ]);
    expect(await server.exited).toBe(69);
    const stderr = server.stderr();
    expect(stderr).toContain(
      `bind failed with error: EADDRINUSE (errno 98, WSAEADDRINUSE 10048) on 127.0.0.1:${held.port}`,
    );
    expect(stderr).toContain(`port ${held.port} is held by node (pid ${process.pid})`);
    expect(stderr).toMatch(/hint: /);
    const failed = server.records.find((r) => r.event === 'failed');
    expect(failed).toMatchObject({ level: 50, code: 'EADDRINUSE', port: held.port, exitCode: 69 });
    expect(server.records.find((r) => r.event === 'attempt')).toMatchObject({
      outcome: 'failed',
      code: 'EADDRINUSE',
    });
    // The resolver's answer comes first, as on success.
    expect(server.records.find((r) => r.event === 'resolve')?.msg).toBe(
      `getaddrinfo 127.0.0.1:${held.port} -> 127.0.0.1:${held.port} tcp`,
    );
    expect(stderr).toMatch(/--reuse-port/);
    expect(stderr).not.toMatch(/reusePort/);
  });

  it('refuses a bad flag with 64 and a bad environment value with 78, naming them', async () => {
    await using flag = spawnServer(['--port', '70000']);
    expect(await flag.exited).toBe(64);
    expect(flag.stderr()).toMatch(
      /^sock-server: The `--port` option must be a port from 0 to 65535.*, got '70000'\./,
    );
    await using env = spawnServer([], { env: { SOCK_PROTOCOL: 'gopher' } });
    expect(await env.exited).toBe(78);
    expect(env.stderr()).toMatch(/`SOCK_PROTOCOL`.*, got 'gopher'\./);
    await using unknown = spawnServer(['--frobnicate']);
    expect(await unknown.exited).toBe(64);
  });

  it('prints --help and --version and exits 0', async () => {
    await using help = spawnServer(['--help']);
    expect(await help.exited).toBe(0);
    expect(help.records.map((r) => r.msg).join('\n')).toContain('Usage: sock-server [options]');
    await using version = spawnServer(['--version']);
    expect(await version.exited).toBe(0);
    expect(version.records[0]?.msg).toMatch(/^sock-server \d+\.\d+\.\d+/);
  });

  it('refuses an option this Node cannot honour instead of ignoring it', async () => {
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    const hasReusePort =
      major > 23 || (major === 23 && minor >= 1) || (major === 22 && minor >= 12);
    if (hasReusePort) {
      await using server = await startServer(['--reuse-port', '--port', '0']);
      expect(server.urls).toHaveLength(1);
    } else {
      await using server = spawnServer(['--reuse-port', '--port', '0', '--log-format', 'json']);
      expect(await server.exited).toBe(78);
      expect(server.stderr()).toContain('ERR_SOCK_UNSUPPORTED');
    }
  });

  it.each([
    [{ FORCE_COLOR: '1' }, true],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, true],
    [{ NO_COLOR: '1' }, false],
    [{ TERM: 'dumb' }, false],
  ])('colours pretty logs as %j says (%s)', async (env, coloured) => {
    await using server = spawnServer(['--log-format', 'pretty', ...onLoopback], {
      env: { FORCE_COLOR: undefined, NO_COLOR: undefined, ...env },
    });
    const ready = await server.waitFor((r) => r.event === 'text' && /ready: /.test(r.msg ?? ''));
    expect(ready.msg?.includes('\u001b[')).toBe(coloured);
  });

  it('logs the same steps readably with --log-format pretty', async () => {
    await using server = spawnServer(['--log-format', 'pretty', '--port', '0']);
    await server.waitFor((r) => r.event === 'text' && / INFO: ready: /.test(r.msg ?? ''));
    const lines = server.records.map((r) => r.msg ?? '');
    expect(lines[0]).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: getaddrinfo localhost:0 -> 127\.0\.0\.1:0 tcp$/,
    );
    expect(lines[1]).toMatch(/ INFO: bind 127\.0\.0\.1:\d+ tcp: bound$/);
    expect(lines[2]).toMatch(/ INFO: listening on http:\/\/127\.0\.0\.1:\d+$/);
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
  });

  it('leaves no descriptor or handle open in the test process', async () => {
    const fds = (): number => readdirSync('/proc/self/fd').length;
    const handles = (): string[] =>
      process
        .getActiveResourcesInfo()
        .filter((r) => r !== 'Timeout' && r !== 'CloseReq')
        .sort();
    // A closed handle leaves libuv's list a few loop turns after its 'close' event (earlier tests'
    // children included): wait for the test process to be at rest, bounded, before each count.
    const atRest = async (): Promise<void> => {
      for (let i = 0; i < 200; i++) {
        if (
          !handles().some(
            (r) => r === 'ProcessWrap' || r === 'TCPServerWrap' || r === 'TCPSocketWrap',
          )
        )
          return;
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await atRest();
    const before = { fds: fds(), handles: handles() };
    {
      await using held = await occupyPort('127.0.0.1');
      await using failing = spawnServer(['--host', '127.0.0.1', '--port', String(held.port)]);
      expect(await failing.exited).toBe(69);
      await using server = await startServer(['--port', '0']);
      await (await fetch(server.urls[0]!, { headers: { connection: 'close' } })).arrayBuffer();
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
    await atRest();
    expect({ fds: fds(), handles: handles() }).toEqual(before);
  });
});
