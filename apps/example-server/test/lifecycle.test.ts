import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { built, onLoopback, startServer, type ServerProcess } from './helpers/server-process.js';

/** Starts a chunked POST /echo and sends its first chunk; the rest is up to the test. */
function slowPost(url: string): {
  req: http.ClientRequest;
  response: Promise<{ status: number; connection: string | undefined; body: string }>;
} {
  const req = http.request(`${url}/echo`, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'text/plain' },
  });
  req.write('first half, ');
  const response = once(req, 'response').then(async (args) => {
    const res = args[0] as http.IncomingMessage;
    let body = '';
    for await (const chunk of res) body += String(chunk);
    return { status: res.statusCode ?? 0, connection: res.headers.connection, body };
  });
  return { req, response };
}

/** Waits until the server has begun the slow request: its status page counts it. */
async function untilInFlight(url: string, expected: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const status = (await (await fetch(url, { headers: { connection: 'close' } })).json()) as {
      requests: number;
    };
    // The status request counts itself, so `expected` in-flight requests show as expected + 1.
    if (status.requests - i - 1 >= expected) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('the slow request never reached the server');
}

/** Starts the server on loopback with the given `--drain-timeout`. */
function startDraining(drainTimeout: string): ReturnType<typeof startServer> {
  return startServer([...onLoopback, '--drain-timeout', drainTimeout]);
}

async function stopping(server: ServerProcess): Promise<void> {
  await server.waitFor((r) => r.event === 'stopping');
}

/** Waits until the server says its listeners are closed: from then on, connections are refused. */
async function listenersClosed(server: ServerProcess): Promise<void> {
  await server.waitFor((r) => r.event === 'closed');
}

describe.skipIf(!built)('stopping sock-server', () => {
  it('lets a slow request started before SIGTERM finish, then exits 0', async () => {
    await using server = await startDraining('20s');
    const url = server.urls[0]!;
    const { req, response } = slowPost(url);
    await untilInFlight(url, 1);
    server.child.kill('SIGTERM');
    await listenersClosed(server);
    // New connections are refused now that the listener is closed.
    const refused = net.connect(server.ready['port'] as number, '127.0.0.1');
    const [error] = (await once(refused, 'error')) as [NodeJS.ErrnoException];
    expect(error.code).toBe('ECONNREFUSED');
    req.end('second half');
    expect(await response).toEqual({
      status: 200,
      connection: 'close',
      body: 'first half, second half',
    });
    expect(await server.exited).toBe(0);
  });

  it('cuts a request still in flight at --drain-timeout, says how many, and exits 75', async () => {
    await using server = await startDraining('1500ms');
    const url = server.urls[0]!;
    const { req, response } = slowPost(url);
    response.catch(() => undefined);
    req.on('error', () => undefined);
    await untilInFlight(url, 1);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(75);
    // While it waited, it said what it was waiting for.
    expect(server.records.find((r) => r.event === 'draining')).toMatchObject({
      connections: 1,
      requests: 1,
      msg: 'draining: 1 connection and 1 request left',
    });
    const stopped = server.records.find((r) => r.event === 'stopped');
    expect(stopped).toMatchObject({ cut: 1, exitCode: 75 });
    expect(stopped?.msg).toMatch(/1 request was cut off/);
    expect(server.records.some((r) => r.msg === 'stopped cleanly')).toBe(false);
    await expect(response).rejects.toThrow();
  });

  it('answers /readyz with 503 during --drain-delay while still serving', async () => {
    await using server = await startServer([...onLoopback, '--drain-delay', '60s']);
    const url = server.urls[0]!;
    server.child.kill('SIGTERM');
    await server.waitFor((r) => r.event === 'drain-delay');
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('connection')).toBe('close');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(server.records.some((r) => r.event === 'closed')).toBe(false);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('forces the exit on a second %s with %i', async (signal, code) => {
    await using server = await startDraining('60s');
    const url = server.urls[0]!;
    const { req, response } = slowPost(url);
    response.catch(() => undefined);
    req.on('error', () => undefined);
    await untilInFlight(url, 1);
    server.child.kill(signal);
    await stopping(server);
    server.child.kill(signal);
    expect(await server.exited).toBe(code);
    expect(server.records.find((r) => r.event === 'forced')).toMatchObject({
      signal,
      exitCode: code,
    });
  });
});

const canUnshare = ((): boolean => {
  try {
    execFileSync('unshare', ['-m', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!built || !canUnshare)(
  'localhost with both ::1 and 127.0.0.1 (private /etc/hosts)',
  () => {
    it('binds both addresses on one port and serves HTTP on each', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sock-hosts-'));
      try {
        const hosts = join(dir, 'hosts');
        writeFileSync(hosts, '::1 localhost\n127.0.0.1 localhost\n');
        // A mount namespace of its own, so the bind mount is seen by the server only.
        await using server = await startServer(['--port', '0'], {
          prefix: ['unshare', '-m', 'sh', '-c', `mount --bind "$0" /etc/hosts && exec "$@"`, hosts],
        });
        const port = server.ready['port'] as number;
        expect([...server.urls].sort()).toEqual([
          `http://127.0.0.1:${port}`,
          `http://[::1]:${port}`,
        ]);
        expect(server.records.find((r) => r.event === 'resolve')?.msg).toMatch(
          /^getaddrinfo localhost:0 -> .*\[::1\]:0 tcp.*127\.0\.0\.1:0 tcp|^getaddrinfo localhost:0 -> 127\.0\.0\.1:0 tcp, \[::1\]:0 tcp/,
        );
        for (const url of server.urls) {
          const status = (await (await fetch(url)).json()) as { urls: string[] };
          expect([...status.urls].sort()).toEqual([...server.urls].sort());
        }
        server.child.kill('SIGTERM');
        expect(await server.exited).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
