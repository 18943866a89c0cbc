import type { LookupAddress } from 'node:dns';
import { readdirSync } from 'node:fs';
import { expect } from 'vitest';
import { isSockError } from '@sock/errors';
import type { LookupFunction } from '@sock/resolve';

/** Open file descriptors and active libuv resources, to compare before and after a test. */
export function resourceCount(): { fds: number; resources: number } {
  let fds = -1;
  try {
    fds = readdirSync('/proc/self/fd').length;
  } catch {
    // No /proc (macOS, Windows): only the resource count is compared.
  }
  return { fds, resources: process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length };
}

/** A fake lookup: records its calls, answers from a table after `delayMs`, or hangs for `hang`. */
export interface FakeLookup {
  readonly fn: LookupFunction;
  readonly calls: { hostname: string; family: number | undefined }[];
  /** Settles every lookup that is held (names answered by `'hold'`). */
  release(): void;
}

export type FakeAnswer = LookupAddress[] | Error | 'hold' | 'hang';

export function fakeLookup(table: Record<string, FakeAnswer>, delayMs = 0): FakeLookup {
  const calls: { hostname: string; family: number | undefined }[] = [];
  const held: (() => void)[] = [];
  const fn: LookupFunction = (hostname, options, callback) => {
    calls.push({ hostname, family: options.family });
    const answer = table[hostname] ?? notFound(hostname);
    if (answer === 'hang') return;
    const reply = (): void => {
      if (answer instanceof Error) callback(answer, []);
      else if (answer === 'hold') callback(null, [{ address: '127.0.0.9', family: 4 }]);
      else callback(null, answer);
    };
    if (answer === 'hold') held.push(reply);
    else setTimeout(reply, delayMs);
  };
  return {
    fn,
    calls,
    release: () => {
      for (const reply of held.splice(0)) reply();
    },
  };
}

/** An error shaped like the one dns.lookup gives for an unknown name. */
export function notFound(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
    code: 'ENOTFOUND',
    errno: -3008,
    syscall: 'getaddrinfo',
    hostname,
  });
}

/** Collects unhandled rejections while it is in scope. */
export function watchUnhandled(): { readonly seen: unknown[] } & Disposable {
  const seen: unknown[] = [];
  const listener = (reason: unknown): void => {
    seen.push(reason);
  };
  process.on('unhandledRejection', listener);
  return {
    seen,
    [Symbol.dispose]: () => {
      process.off('unhandledRejection', listener);
    },
  };
}

/** Waits for a few turns of the event loop, so late callbacks and rejections show. */
export function settle(ms = 20): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The SockError a promise rejects with; fails the test when it fulfils or rejects otherwise. */
export async function rejection(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string }> {
  const err: unknown = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(isSockError(err), String(err)).toBe(true);
  return err as { code: string; message: string };
}
