import { SockError, type SockErrorInit } from '@sock/errors';
import type { PortHolder } from './diagnose.js';

/** The step of the classic server start-up at which something failed. */
export type BindStep = 'resolve' | 'socket' | 'bind' | 'listen';

/** One candidate address and port tried by {@link bind}, and what became of it. */
export interface BindAttempt {
  /** The address tried. */
  readonly address: string;
  /** Its family: 4 or 6. */
  readonly family: 4 | 6;
  /** The port tried. */
  readonly port: number;
  /**
   * `bound`: it bound; `failed`: it did not; `skipped`: its family is unusable on this host, so
   * `'all'` went on without it; `released`: it had bound, and was closed because another failed.
   */
  readonly outcome: 'bound' | 'failed' | 'skipped' | 'released';
  /** Where it failed, for a failed attempt. */
  readonly step?: BindStep;
  /** Why it failed or was skipped. */
  readonly error?: SockError;
}

/** What a BindError is made of. */
export interface BindErrorInit extends SockErrorInit {
  /** The step that failed. */
  readonly step: BindStep;
  /** Every candidate tried, in order. */
  readonly attempts: readonly BindAttempt[];
  /** Processes holding the port, where known. */
  readonly holders?: readonly PortHolder[] | undefined;
}

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
}
