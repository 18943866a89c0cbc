import { describe, expect, it } from 'vitest';
import { isSockError } from '@sock/errors';
import { bind } from '@sock/bind';
import type { LookupFunction } from '@sock/resolve';
import {
  activeResources,
  bothLoopbacks,
  fakeLookup,
  fdCount,
  leftBehind,
  settle,
} from '@sock/test-helpers';

/** A lookup that never answers. */
const hangingLookup: LookupFunction = () => undefined;

describe('abort, timeout and throwing callbacks', () => {
  it('an aborted signal rejects at once with its reason', async () => {
    const reason = new Error('stop');
    await expect(bind({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('aborting midway closes what was opened and rejects with the reason', async () => {
    const controller = new AbortController();
    const reason = new Error('midway');
    let port = 0;
    const promise = bind({
      host: 'two.test',
      lookup: fakeLookup(bothLoopbacks),
      signal: controller.signal,
      onAttempt: (a) => {
        if (a.outcome === 'bound') {
          port = a.port;
          controller.abort(reason);
        }
      },
    });
    await expect(promise).rejects.toBe(reason);
    // The first address was released: its port binds again on both.
    await using again = await bind({
      host: 'two.test',
      lookup: fakeLookup(bothLoopbacks),
      port,
    });
    expect(again.port).toBe(port);
  });

  it('aborting while the resolver hangs rejects at once, leaving nothing behind', async () => {
    await settle();
    const fds = fdCount();
    const controller = new AbortController();
    const promise = bind({ host: 'slow.test', lookup: hangingLookup, signal: controller.signal });
    setImmediate(() => controller.abort(new Error('bored')));
    await expect(promise).rejects.toThrow('bored');
    await settle();
    expect(fdCount()).toBe(fds);
  });

  it('timeout rejects with an ETIMEDOUT SockError and clears its timer', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => void unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      await settle();
      const before = activeResources();
      const err = await bind({ host: 'slow.test', lookup: hangingLookup, timeout: 20 }).catch(
        (e: unknown) => e,
      );
      expect(isSockError(err)).toBe(true);
      expect(err).toMatchObject({ code: 'ETIMEDOUT', transient: true });
      expect((err as Error).message).toContain('`timeout` of 20 ms');
      await settle();
      expect(leftBehind(before, activeResources())).toEqual([]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a timeout that does not expire leaves no timer behind', async () => {
    await settle();
    const before = activeResources();
    const binding = await bind({ timeout: 60_000 });
    await binding.close();
    await settle();
    expect(leftBehind(before, activeResources())).toEqual([]);
  });

  it('onAttempt throwing closes everything and rejects with its error', async () => {
    const boom = new Error('boom');
    let port = 0;
    await expect(
      bind({
        host: 'two.test',
        lookup: fakeLookup(bothLoopbacks),
        onAttempt: (a) => {
          port = a.port;
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
    await using again = await bind({ host: 'two.test', lookup: fakeLookup(bothLoopbacks), port });
    expect(again.addresses).toHaveLength(2);
  });
});
