// A range scan keeps each failed port's Node error and builds its SockError only when the attempt
// is read. These tests check that what a caller reads is what an eager conversion gives.
import { describe, expect, it } from 'vitest';
import { bind, BindError, type BindAttempt } from '@sock/bind';
import { isSockError, SockError } from '@sock/errors';
import { activeResources, fdCount, leftBehind, occupyRun, settle } from '@sock/test-helpers';

const TAKEN = 12;

/** The fields of an attempt's SockError that a caller can rely on. */
function fields(attempt: BindAttempt | undefined): Record<string, unknown> {
  const e = attempt?.error;
  return {
    outcome: attempt?.outcome,
    step: attempt?.step,
    code: e?.code,
    message: e?.message,
    hint: e?.hint,
    errno: e?.errno,
    uvErrno: e?.uvErrno,
    syscall: e?.syscall,
    address: e?.address,
    port: e?.port,
    transient: e?.transient,
    causeCode: (e?.cause as { code?: unknown } | undefined)?.code,
  };
}

describe('failed attempts of a range scan', () => {
  it('carry SockErrors with the code, address, port and step of each failure', async () => {
    await using run = await occupyRun('127.0.0.1', TAKEN + 1);
    const first = run[0]!.port;
    await run.pop()![Symbol.asyncDispose]();
    for (const strategy of ['all', 'first'] as const) {
      await using binding = await bind({
        host: '127.0.0.1',
        port: { from: first, to: first + TAKEN },
        strategy,
      });
      expect(binding.port).toBe(first + TAKEN);
      const attempts = binding.attempts;
      expect(attempts).toHaveLength(TAKEN + 1);
      attempts.slice(0, TAKEN).forEach((a, i) => {
        expect(a).toMatchObject({
          address: '127.0.0.1',
          family: 4,
          port: first + i,
          outcome: 'failed',
          step: 'bind',
        });
        expect(a.error).toBeInstanceOf(SockError);
        expect(isSockError(a.error)).toBe(true);
        expect(a.error).toMatchObject({
          code: 'EADDRINUSE',
          address: '127.0.0.1',
          port: first + i,
        });
        expect(Object.keys(a)).toEqual(['address', 'family', 'port', 'outcome', 'step', 'error']);
      });
      expect(attempts[TAKEN]).toEqual({
        address: '127.0.0.1',
        family: 4,
        port: first + TAKEN,
        outcome: 'bound',
      });
    }
  });

  it('read the same as when onAttempt sees each one as it happens', async () => {
    await using run = await occupyRun('127.0.0.1', TAKEN + 1);
    const first = run[0]!.port;
    await run.pop()![Symbol.asyncDispose]();
    const range = { from: first, to: first + TAKEN };
    const seen: BindAttempt[] = [];
    const eager = await bind({ host: '127.0.0.1', port: range, onAttempt: (a) => seen.push(a) });
    await eager.close();
    await using lazy = await bind({ host: '127.0.0.1', port: range });
    expect(seen).toEqual(eager.attempts);
    expect(lazy.attempts.map(fields)).toEqual(seen.map(fields));
  });

  it('are built once: every read gives the same array and the same errors', async () => {
    await using run = await occupyRun('127.0.0.1', 3);
    const first = run[0]!.port;
    await run.pop()![Symbol.asyncDispose]();
    await using binding = await bind({ host: '127.0.0.1', port: { from: first, to: first + 2 } });
    const a = binding.attempts;
    const b = binding.attempts;
    expect(a).toBe(b);
    expect(a[0]?.error).toBeInstanceOf(SockError);
    expect(a[0]?.error).toBe(b[0]?.error);
    expect(a[1]?.error).toBe(b[1]?.error);
  });

  it('reach the BindError of a full range as SockErrors, the last one as its cause', async () => {
    await using run = await occupyRun('127.0.0.1', TAKEN);
    const first = run[0]!.port;
    const err = (await bind({
      host: '127.0.0.1',
      port: { from: first, to: first + TAKEN - 1 },
    }).catch((e: unknown) => e)) as BindError;
    expect(err).toBeInstanceOf(BindError);
    expect(err).toMatchObject({
      code: 'EADDRINUSE',
      step: 'bind',
      address: '127.0.0.1',
      port: first + TAKEN - 1,
    });
    expect(err.message).toContain(`${TAKEN} EADDRINUSE`);
    expect(err.attempts.map((a) => a.port)).toEqual(
      Array.from({ length: TAKEN }, (_, i) => first + i),
    );
    for (const a of err.attempts) {
      expect(a.outcome).toBe('failed');
      expect(a.error).toBeInstanceOf(SockError);
      expect(a.error).toMatchObject({ code: 'EADDRINUSE', port: a.port, address: '127.0.0.1' });
    }
    expect(err.cause).toBe(err.attempts[TAKEN - 1]?.error);
  });

  it('keep an error in onAttempt from leaving anything open midway through a scan', async () => {
    await using run = await occupyRun('127.0.0.1', 4);
    const first = run[0]!.port;
    await settle();
    const fds = fdCount();
    const before = activeResources();
    const boom = new Error('stop here');
    let calls = 0;
    await expect(
      bind({
        host: '127.0.0.1',
        port: { from: first, to: first + 3 },
        onAttempt: (a) => {
          calls++;
          expect(a.error).toBeInstanceOf(SockError);
          if (a.port === first + 2) throw boom;
        },
      }),
    ).rejects.toBe(boom);
    expect(calls).toBe(3);
    await settle();
    expect(fdCount()).toBe(fds);
    expect(leftBehind(before, activeResources())).toEqual([]);
  });

  it('leave nothing open after many scans, bound or failed', async () => {
    await using run = await occupyRun('127.0.0.1', 6);
    const first = run[0]!.port;
    await run.pop()![Symbol.asyncDispose]();
    await settle();
    const fds = fdCount();
    const before = activeResources();
    for (let i = 0; i < 20; i++) {
      const binding = await bind({ host: '127.0.0.1', port: { from: first, to: first + 5 } });
      expect(binding.port).toBe(first + 5);
      await binding.close();
      await expect(
        bind({ host: '127.0.0.1', port: { from: first, to: first + 4 } }),
      ).rejects.toMatchObject({ code: 'EADDRINUSE' });
    }
    await settle();
    expect(fdCount()).toBe(fds);
    expect(leftBehind(before, activeResources())).toEqual([]);
  }, 60_000);
});
