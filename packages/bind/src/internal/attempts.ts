import type { BindAttempt } from '../types.js';
import type { OpenFailure } from './listen.js';

/**
 * A failed or skipped attempt whose SockError is not built yet: a range scan records hundreds of
 * these on its way to a free port, and most callers never read them.
 */
export class PendingAttempt {
  readonly address: string;
  readonly family: 4 | 6;
  readonly port: number;
  readonly outcome: 'failed' | 'skipped';
  readonly reason: OpenFailure;

  constructor(
    address: string,
    family: 4 | 6,
    port: number,
    outcome: 'failed' | 'skipped',
    reason: OpenFailure,
  ) {
    this.address = address;
    this.family = family;
    this.port = port;
    this.outcome = outcome;
    this.reason = reason;
  }

  /** The attempt as the API shows it, with its SockError. */
  settle(): BindAttempt {
    return {
      address: this.address,
      family: this.family,
      port: this.port,
      outcome: this.outcome,
      step: this.reason.step,
      error: this.reason.error,
    };
  }
}

/**
 * An attempt as recorded during a bind. A PendingAttempt fits BindAttempt's shape (step and
 * error are optional there), so the compiler cannot tell them apart: whatever hands records out
 * goes through settleAttempts() first.
 */
export type AttemptRecord = BindAttempt | PendingAttempt;

/** Settles every pending attempt in place (the array keeps its identity) and returns it. */
export function settleAttempts(records: AttemptRecord[]): BindAttempt[] {
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (record instanceof PendingAttempt) records[i] = record.settle();
  }
  return records;
}
