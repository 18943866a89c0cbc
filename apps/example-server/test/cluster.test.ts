import { occupyPort } from '@sock/test-helpers';
import { describe, expect, it } from 'vitest';
import { built, onLoopback, spawnServer, startServer } from './helpers/server-process.js';

describe.skipIf(!built)('sock-server --workers', () => {
  it('serves from both of 2 workers on one port 0, and stops them all on SIGTERM', async () => {
    await using server = await startServer(['--workers', '2', ...onLoopback]);
    const second = await server.waitFor(
      (r) => r.event === 'ready' && r['worker'] !== server.ready['worker'],
    );
    // node:cluster keys shared handles by address and port, so port 0 is one port for all workers.
    expect(second['port']).toBe(server.ready['port']);
    // Until its workers serve, the primary accepts on the sockets it bound; then it stops.
    await server.waitFor((r) => r.event === 'cluster-ready');
    const url = server.urls[0]!;
    const seen = new Set<number>();
    for (let i = 0; i < 400 && seen.size < 2; i++) {
      const res = await fetch(url, {
        headers: { connection: 'close', accept: 'application/json' },
      });
      seen.add(((await res.json()) as { worker: number }).worker);
    }
    expect([...seen].sort()).toEqual([1, 2]);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.records.filter((r) => r.event === 'worker-exit').map((r) => r['code'])).toEqual([
      0, 0,
    ]);
  });

  it('exits with code 69 and starts no worker when the primary cannot bind', async () => {
    await using held = await occupyPort('127.0.0.1');
    const { port } = held;
    // Disposed in reverse order: the server child goes before the port it could not have.
    await using server = spawnServer([
      '--workers',
      '2',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--log-format',
      'json',
    ]);
    expect(await server.exited).toBe(69);
    // The primary binds the sockets its workers share: a failure stops it before any fork.
    expect(server.records.filter((r) => r.event === 'worker-exit')).toEqual([]);
    expect(server.stderr()).toContain(
      `EADDRINUSE (errno 98, WSAEADDRINUSE 10048) on 127.0.0.1:${port}`,
    );
  });
});
