// `exclusive` observed through its effect in a cluster: workers that listen on port 0 without it
// share one handle the primary holds (so one port); with it, each worker binds a socket of its own.
import { describe, expect, it } from 'vitest';
import { builtDist, fixture, run } from './helpers-child.js';

describe('exclusive in a cluster worker', () => {
  it.skipIf(!builtDist())(
    'two workers binding port 0 share one port without exclusive, and get a port each with it',
    async () => {
      const result = await run(process.execPath, [fixture('cluster-exclusive-child.mjs')]);
      expect(result.code, result.stderr).toBe(0);
      const out = JSON.parse(result.stdout) as Record<
        'shared' | 'exclusive',
        [{ port?: number; code?: string }, { port?: number; code?: string }]
      >;
      const [a, b] = out.shared;
      expect(a.port).toBeGreaterThan(0);
      expect(b.port).toBe(a.port);
      const [c, d] = out.exclusive;
      expect(c.port).toBeGreaterThan(0);
      expect(d.port).toBeGreaterThan(0);
      expect(d.port).not.toBe(c.port);
    },
    60_000,
  );
});
