import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bind } from '@sock/bind';
import { builtDist, fixture, run } from './helpers-child.js';
import { occupyPort } from '@sock/test-helpers';

const ACTIVATE = '/usr/bin/systemd-socket-activate';
const VARS = ['LISTEN_PID', 'LISTEN_FDS', 'LISTEN_FDNAMES'] as const;

describe('bind({ systemd: true }): what is checked before adopting', () => {
  let saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
  });
  afterEach(() => {
    for (const k of VARS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('no LISTEN_FDS is ERR_SOCK_SYSTEMD', async () => {
    for (const k of VARS) delete process.env[k];
    await expect(bind({ systemd: true })).rejects.toMatchObject({ code: 'ERR_SOCK_SYSTEMD' });
  });

  it('LISTEN_PID of another process is ERR_SOCK_SYSTEMD, and the variables stay', async () => {
    process.env['LISTEN_PID'] = String(process.pid + 1);
    process.env['LISTEN_FDS'] = '1';
    const err = (await bind({ systemd: true }).catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({ code: 'ERR_SOCK_SYSTEMD' });
    expect(err.message).toContain(`\`${process.pid + 1}\``);
    expect(process.env['LISTEN_FDS']).toBe('1');
  });

  it('a LISTEN_FDS that is not a count is ERR_SOCK_SYSTEMD', async () => {
    process.env['LISTEN_PID'] = String(process.pid);
    process.env['LISTEN_FDS'] = 'three';
    await expect(bind({ systemd: true })).rejects.toMatchObject({ code: 'ERR_SOCK_SYSTEMD' });
  });

  it('UDP cannot be adopted in Node: ERR_SOCK_UNSUPPORTED', async () => {
    await expect(bind({ systemd: true, protocol: 'udp' })).rejects.toMatchObject({
      code: 'ERR_SOCK_UNSUPPORTED',
    });
  });
});

describe.skipIf(!existsSync(ACTIVATE) || !builtDist())('systemd-socket-activate', () => {
  it('adopts the passed socket, serves on it and unsets the variables', async () => {
    // A port this test held itself a moment ago; systemd-socket-activate needs a number.
    let port: number;
    {
      await using held = await occupyPort('127.0.0.1');
      port = held.port;
    }
    let answer = '';
    const result = await run(
      ACTIVATE,
      ['-l', `127.0.0.1:${port}`, '--fdname=web', process.execPath, fixture('systemd-child.mjs')],
      {},
      // It listens, waits for the first connection, then starts the child with the socket.
      (_stdout, stderr) => {
        if (stderr.includes('Listening on') && answer === '') {
          answer = 'asked';
          void fetch(`http://127.0.0.1:${port}/`)
            .then((res) => res.text())
            .then((text) => (answer = text));
        }
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const body = JSON.parse(answer) as {
      addresses: unknown[];
      attempts: { outcome: string }[];
      env: Record<string, string | null>;
    };
    expect(body.addresses).toEqual([{ family: 4, address: '127.0.0.1', port }]);
    expect(body.attempts.map((a) => a.outcome)).toEqual(['bound']);
    expect(body.env).toEqual({ LISTEN_PID: null, LISTEN_FDS: null, LISTEN_FDNAMES: null });
  });
});
