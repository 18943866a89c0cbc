import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { built, onLoopback, spawnServer, startServer } from './helpers/server-process.js';

const root = process.getuid?.() === 0;

describe.skipIf(!built || !root)('sock-server --user/--group (as root)', () => {
  it('drops to nobody after binding and keeps serving', async () => {
    await using server = await startServer([
      ...onLoopback,
      '--user',
      'nobody',
      '--group',
      'nogroup',
    ]);
    const dropped = await server.waitFor((r) => r.event === 'privileges');
    expect(dropped['uid']).toBe(65534);
    expect((await fetch(`${server.urls[0]}/healthz`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('with --workers, drops the primary to nobody too, once the listeners exist', async () => {
    await using server = await startServer([
      '--workers',
      '2',
      ...onLoopback,
      '--user',
      'nobody',
      '--group',
      'nogroup',
    ]);
    const primary = await server.waitFor(
      (r) => r.event === 'privileges' && r['worker'] === undefined,
    );
    expect(primary.msg).toMatch(/^primary dropped privileges to uid 65534/);
    const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
    // Real, effective, saved and filesystem ids all changed; no capability is left.
    expect(status).toMatch(/^Uid:\s+65534\s+65534\s+65534\s+65534$/m);
    expect(status).toMatch(/^Gid:\s+65534\s+65534\s+65534\s+65534$/m);
    expect(status).toMatch(/^CapEff:\s+0+$/m);
    expect(status).toMatch(/^CapPrm:\s+0+$/m);
    expect((await fetch(`${server.urls[0]}/healthz`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('exits 77 when the user does not exist', async () => {
    await using server = spawnServer([
      '--port',
      '0',
      '--user',
      'no-such-user-sock',
      '--log-format',
      'json',
    ]);
    expect([77, 78]).toContain(await server.exited);
    expect(server.stderr()).toMatch(/no-such-user-sock/);
  });
});
