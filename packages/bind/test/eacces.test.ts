import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtDist, fixture, packageDir, run } from './helpers-child.js';
import { occupyPort, type PortHolder } from '@sock/test-helpers';

const unprivilegedStart = ((): number => {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'));
  } catch {
    return 1024;
  }
})();
const isRoot = process.getuid?.() === 0;

/**
 * The first directory above the package that `nobody` may not enter (no search permission for
 * others, as root's own 0700 home): the child, running as `nobody`, could not load the package.
 */
function closedAncestor(): string | undefined {
  let dir = packageDir;
  for (;;) {
    try {
      if ((statSync(dir).mode & 0o001) === 0) return dir;
    } catch {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
const closed = closedAncestor();

/** Holds a privileged port on 127.0.0.1 (as root), searching down from the top. */
async function holdPrivilegedPort(): Promise<PortHolder> {
  for (let port = Math.min(unprivilegedStart, 1024) - 1; port > 0; port--) {
    try {
      return await occupyPort('127.0.0.1', { port });
    } catch {
      // taken: try the next one down
    }
  }
  throw new Error('no free privileged port');
}

// Needs root to hold the port and to start a child as `nobody`; CI without root skips.
describe.skipIf(!isRoot || unprivilegedStart === 0 || !builtDist() || closed !== undefined)(
  'EACCES',
  () => {
    it('a privileged port fails with EACCES and a hint; in a list, bind moves on', async () => {
      await using held = await holdPrivilegedPort();
      const result = await run(process.execPath, [fixture('eacces-child.mjs'), String(held.port)], {
        uid: 65534,
        gid: 65534,
      });
      expect(result.code, result.stderr).toBe(0);
      const out = JSON.parse(result.stdout) as {
        uid: number;
        alone: { name: string; code: string; step: string; message: string };
        list: { port: number; attempts: [string, string | null][] };
      };
      expect(out.uid).toBe(65534);
      expect(out.alone).toMatchObject({ name: 'BindError', code: 'EACCES', step: 'bind' });
      expect(out.alone.message).toContain(`127.0.0.1:${held.port}`);
      expect(out.alone.message).toMatch(/CAP_NET_BIND_SERVICE|ip_unprivileged_port_start/);
      expect(out.list.port).not.toBe(held.port);
      expect(out.list.attempts).toEqual([
        ['failed', 'EACCES'],
        ['bound', null],
      ]);
    });
  },
);

if (closed !== undefined) {
  it.skip(`EACCES as nobody: skipped, the clone sits under ${closed}, which nobody may not enter`, () =>
    undefined);
}
