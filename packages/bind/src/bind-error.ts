import { SockError, type SockErrorInit } from '@sock/errors';
import type { BindAttempt, BindStep, PortHolder } from './types.js';

/** What a BindError is made of. */
export interface BindErrorInit extends SockErrorInit {
  readonly step: BindStep;
  readonly attempts: readonly BindAttempt[];
  readonly holders?: readonly PortHolder[] | undefined;
}

/**
 * A failed {@link bind}: the code of the underlying failure (`EADDRINUSE`...), the step, every
 * attempt with its own SockError, and for EADDRINUSE the processes holding the port.
 */
export class BindError extends SockError {
  /** The step that failed. */
  readonly step: BindStep;
  /** Every candidate tried, in order. */
  readonly attempts: readonly BindAttempt[];
  /** Processes holding the port (EADDRINUSE, where the OS lets us see them). */
  readonly holders?: readonly PortHolder[];
  override name = 'BindError';

  constructor(init: BindErrorInit) {
    super(init);
    this.step = init.step;
    this.attempts = init.attempts;
    if (init.holders !== undefined) this.holders = init.holders;
  }
}
