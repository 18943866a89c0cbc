// Waiting on events instead of sleeping: a test goes on when the thing it waits for happened.
import { once as onceEvent, type EventEmitter } from 'node:events';

/** Resolves with the arguments of the next `event` (rejects on 'error', like events.once). */
export function once(
  emitter: EventEmitter,
  event: string | symbol,
  options: { readonly signal?: AbortSignal } = {},
): Promise<unknown[]> {
  return onceEvent(emitter, event, options);
}

/** Resolves with the first argument of the next `event`. */
export async function nextEvent<T = unknown>(
  emitter: EventEmitter,
  event: string | symbol,
): Promise<T> {
  const [first] = (await onceEvent(emitter, event)) as unknown[];
  return first as T;
}

/** Collects unhandled rejections while it is in scope (`using watch = watchUnhandled()`). */
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

// @sock/errors brands its errors in the global symbol registry; reading the brand here keeps this
// package free of a dependency on the packages it tests.
const sockErrorBrand = Symbol.for('@sock/errors.SockError');

/** A SockError as seen from outside: its stable code and message. */
export interface RejectedWith {
  readonly code: string;
  readonly message: string;
}

/** The SockError a promise rejects with; throws when it fulfils or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<RejectedWith> {
  const outcome = await promise.then(
    () => ({ fulfilled: true as const }),
    (reason: unknown) => ({ fulfilled: false as const, reason }),
  );
  if (outcome.fulfilled) throw new Error('expected a rejection, the promise fulfilled');
  const { reason } = outcome;
  if (
    typeof reason !== 'object' ||
    reason === null ||
    (reason as Record<symbol, unknown>)[sockErrorBrand] !== true
  ) {
    throw new Error(`expected a SockError, got ${String(reason)}`, { cause: reason });
  }
  return reason as RejectedWith;
}
