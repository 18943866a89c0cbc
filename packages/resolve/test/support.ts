// The resolver's tests use the shared test helpers; what follows is only what they lack.
import { expect } from 'vitest';
import { isSockError } from '@sock/errors';
import { activeResources, fdCount } from '@sock/test-helpers';

export {
  fakeLookup,
  notFound,
  settle,
  watchUnhandled,
  type FakeAnswer,
  type FakeLookup,
} from '@sock/test-helpers';

/** Open file descriptors and active libuv resources, to compare before and after a test. */
export function resourceCount(): { fds: number; resources: number } {
  return { fds: fdCount(), resources: activeResources().filter((r) => r !== 'TTYWrap').length };
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
