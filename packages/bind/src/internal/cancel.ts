import { addAbortListener } from 'node:events';
import { SockError } from '@sock/errors';

/**
 * The user's signal and the `timeout` option folded into one signal for the duration of one
 * call; disposing it removes the listener and the timer, so nothing outlives the call. With
 * neither, it is inert and costs nothing: an AbortController and a signal handed to the resolver
 * would cost more than the rest of a bind.
 */
export class Cancellation implements Disposable {
  /** Undefined when nothing can cancel the call. */
  readonly signal: AbortSignal | undefined;
  readonly #listener: Disposable | undefined;
  readonly #timer: NodeJS.Timeout | undefined;

  constructor(signal: AbortSignal | undefined, timeout: number | undefined, what: string) {
    signal?.throwIfAborted();
    if (timeout === undefined) {
      this.signal = signal;
      return;
    }
    const controller = new AbortController();
    this.signal = controller.signal;
    if (signal !== undefined) {
      this.#listener = addAbortListener(signal, () => controller.abort(signal.reason));
    }
    this.#timer = setTimeout(() => {
      controller.abort(
        new SockError({
          code: 'ETIMEDOUT',
          message: `${what} did not finish within the \`timeout\` of ${timeout} ms; everything it opened was closed.`,
          hint: 'Raise the `timeout` option, or check why name resolution is slow.',
          transient: true,
        }),
      );
    }, timeout);
  }

  /** True once aborted. */
  get aborted(): boolean {
    return this.signal?.aborted === true;
  }

  /** Throws the abort reason if aborted. */
  check(): void {
    this.signal?.throwIfAborted();
  }

  /** Settles like `promise`, or rejects with the abort reason as soon as the signal aborts. */
  race<T>(promise: Promise<T>): Promise<T> {
    const signal = this.signal;
    if (signal === undefined) return promise;
    return new Promise<T>((resolve, rejectWith) => {
      // Abort reasons and the promise's own errors go on unchanged, whatever their type.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      const reject = (reason: unknown): void => rejectWith(reason);
      if (signal.aborted) {
        // The loser still settles later; swallow it so it is never an unhandled rejection.
        promise.catch(() => undefined);
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      );
    });
  }

  [Symbol.dispose](): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#listener?.[Symbol.dispose]();
  }
}
