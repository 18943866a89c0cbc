import { existsSync, lstatSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { httpGet } from '@sock/test-helpers';
import { builtDist, fixture, run } from './helpers-child.js';

const ACTIVATE = '/usr/bin/systemd-socket-activate';

async function getVia(socketPath: string): Promise<string> {
  return (await httpGet({ socketPath })).body;
}

describe.skipIf(!existsSync(ACTIVATE) || !builtDist() || process.platform !== 'linux')(
  'bind({ systemd: true }) with ListenStream=/path',
  () => {
    it('adopts the Unix socket systemd passed, serves on it, and leaves its file to systemd', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'sock-sd-'));
      const path = join(dir, 'web.sock');
      try {
        let answer = '';
        const result = await run(
          ACTIVATE,
          ['-l', path, process.execPath, fixture('systemd-unix-child.mjs')],
          {},
          // It listens, waits for the first connection, then starts the child with the socket.
          (_stdout, stderr) => {
            if (stderr.includes('Listening on') && answer === '') {
              answer = 'asked';
              void getVia(path).then((text) => (answer = text));
            }
          },
        );
        expect(result.code, result.stderr).toBe(0);
        expect(JSON.parse(answer)).toEqual({ protocol: 'unix', path });
        // The socket belongs to the unit: closing the Binding does not remove it.
        expect(lstatSync(path).isSocket()).toBe(true);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  },
);
