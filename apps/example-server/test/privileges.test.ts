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
