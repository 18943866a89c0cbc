import { describe, expect, it } from 'vitest';
import { bind } from '@sock/bind';
import {
  activeResources,
  bothLoopbacks,
  fakeLookup,
  fdCount,
  leftBehind,
  occupyPort,
  settle,
} from '@sock/test-helpers';

const ROUNDS = 1000;
// Each final failure reads /proc to name the port's holder (about 10 ms here), so these loops
// take tens of seconds; the limit is generous for a shared machine, not a speed assertion.
const LONG = 240_000;

describe('nothing leaks on failure paths', () => {
  it(
    `${ROUNDS} binds failing with EADDRINUSE leave no descriptor or handle`,
    async () => {
      await using blocker = await occupyPort('127.0.0.1');
      await settle();
      const fds = fdCount();
      const before = activeResources();
      for (let i = 0; i < ROUNDS; i++) {
        await expect(bind({ host: '127.0.0.1', port: blocker.port })).rejects.toMatchObject({
          code: 'EADDRINUSE',
        });
      }
      await settle();
      expect(fdCount()).toBe(fds);
      expect(leftBehind(before, activeResources())).toEqual([]);
    },
    LONG,
  );

  it(
    `${ROUNDS} binds whose second address fails release the first every time`,
    async () => {
      await using blocker = await occupyPort('127.0.0.1');
      const lookup = fakeLookup(bothLoopbacks);
      await settle();
      const fds = fdCount();
      const before = activeResources();
      // Other test files bind ::1 on port 0 at the same time, and the kernel may hand one of them
      // the port we hold on 127.0.0.1; then ::1 fails first and there is nothing to release. Such
      // rounds are counted, not failed, as long as they stay rare.
      let raced = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const err = await bind({ host: 'two.test', lookup, port: blocker.port }).catch(
          (e: unknown) => e as { attempts: { outcome: string; address: string }[] },
        );
        const outcomes = err.attempts.map((a) => a.outcome);
        if (outcomes.length === 1 && err.attempts[0]?.address === '::1') {
          raced++;
          continue;
        }
        expect(outcomes).toEqual(['bound', 'failed', 'released']);
      }
      expect(raced).toBeLessThan(ROUNDS / 10);
      await settle();
      expect(fdCount()).toBe(fds);
      expect(leftBehind(before, activeResources())).toEqual([]);
    },
    LONG,
  );

  it(
    `${ROUNDS / 4} UDP binds failing with EADDRINUSE leave nothing`,
    async () => {
      await using held = await bind({ protocol: 'udp', host: '127.0.0.1' });
      await settle();
      const fds = fdCount();
      const before = activeResources();
      for (let i = 0; i < ROUNDS / 4; i++) {
        await expect(
          bind({ protocol: 'udp', host: '127.0.0.1', port: held.port }),
        ).rejects.toMatchObject({ code: 'EADDRINUSE' });
      }
      await settle();
      expect(fdCount()).toBe(fds);
      expect(leftBehind(before, activeResources())).toEqual([]);
    },
    LONG,
  );

  it(
    'successful binds closed again leave nothing',
    async () => {
      await settle();
      const fds = fdCount();
      const before = activeResources();
      for (let i = 0; i < 200; i++) {
        const binding = await bind({ host: 'two.test', lookup: fakeLookup(bothLoopbacks) });
        await binding.close();
      }
      await settle();
      expect(fdCount()).toBe(fds);
      expect(leftBehind(before, activeResources())).toEqual([]);
    },
    LONG,
  );
});
