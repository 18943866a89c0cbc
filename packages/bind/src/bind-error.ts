import { SockError, type SockErrorInit } from '@sock/errors';
import type { BindAttempt, BindStep, PortHolder } from './types.js';

/** What a BindError is made of. */
export interface BindErrorInit extends SockErrorInit {
  /** The step that failed. */
  readonly step: BindStep;
  /** Every candidate tried, in order. */
  readonly attempts: readonly BindAttempt[];
  /** Processes holding the port, where known. */
  readonly holders?: readonly PortHolder[] | undefined;
}

// In the global symbol registry, so that a BindError made by another copy of this package (two
// versions installed, or the ESM and CJS builds side by side) is still recognised.
const brand: unique symbol = Symbol.for('@sock/bind.BindError') as never;

/**
 * A failed {@link bind}: the code of the underlying failure (`EADDRINUSE`...), the step, every
 * attempt with its own SockError, and for EADDRINUSE the processes holding the port.
 *
 * @example
 * try {
 *   await bind({ host: '127.0.0.1', port: 8080 });
 * } catch (err) {
 *   if (!(err instanceof BindError)) throw err;
 *   console.log(err.code, err.step, err.holders?.[0]?.command); // EADDRINUSE bind nginx
 * }
 */
export class BindError extends SockError {
  /** The step that failed. */
  readonly step: BindStep;
  /** Every candidate tried, in order. */
  readonly attempts: readonly BindAttempt[];
  /** Processes holding the port (EADDRINUSE, where the OS lets us see them). */
  readonly holders?: readonly PortHolder[];
  /** Always `'BindError'`. */
  override name = 'BindError';

  constructor(init: BindErrorInit) {
    super(init);
    this.step = init.step;
    this.attempts = init.attempts;
    if (init.holders !== undefined) this.holders = init.holders;
  }

  /** `instanceof BindError` holds for a BindError of any copy of this package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isBindError(value);
  }
}

Object.defineProperty(BindError.prototype, brand, { value: true });

/**
 * True for a BindError from any copy of `@sock/bind` (another version, or the other of the ESM
 * and CommonJS builds).
 * @example if (isBindError(err)) console.error(err.holders);
 */
export function isBindError(value: unknown): value is BindError {
  try {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[brand] === true
    );
  } catch {
    // A Proxy whose get trap throws is not a BindError.
    return false;
  }
}
