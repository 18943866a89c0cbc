import { toSockError } from '@sock/errors';
import type { BindAttempt, BindStep } from '../types.js';
import type { OpenFailure } from './listen.js';

// The part of a Node error message before the address (`listen EADDRINUSE: address already in
// use`), shared by every attempt that failed the same way: a range scan keeps one copy of it.
const details = new Map<string, string>();
const MAX_DETAILS = 256;

function shared(detail: string): string {
  const known = details.get(detail);
  if (known !== undefined) return known;
  if (details.size >= MAX_DETAILS) details.clear();
  details.set(detail, detail);
  return detail;
}

/**
 * A failed or skipped attempt whose SockError is not built yet: a range scan records hundreds of
 * these on its way to a free port, and most callers never read them. A plain system error is kept
 * as its code, errno and syscall, not as the Node error (whose stack alone is about 1 KiB).
 */
export class PendingAttempt {
  readonly address: string;
  readonly family: 4 | 6;
  readonly port: number;
  readonly outcome: 'failed' | 'skipped';
  readonly step: BindStep;
  readonly code: string;
  readonly #errno: number | undefined;
  readonly #syscall: string | undefined;
  readonly #detail: string | undefined;
  /** Only for failures that are not plain system errors (rare): their SockError as built. */
  readonly #reason: OpenFailure | undefined;

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
    this.step = reason.step;
    this.code = reason.code;
    const plain = reason.plain();
    if (plain === undefined) this.#reason = reason;
    else {
      this.#errno = plain.errno;
      this.#syscall = plain.syscall;
      this.#detail = shared(plain.detail);
    }
  }

  /** The attempt as the API shows it, with its SockError. */
  settle(): BindAttempt {
    let error = this.#reason?.error;
    if (error === undefined) {
      const raw = Object.assign(
        new Error(`${this.#detail ?? this.code} ${this.address}:${this.port}`),
        {
          code: this.code,
          errno: this.#errno,
          syscall: this.#syscall,
          address: this.address,
          port: this.port,
        },
      );
      error = toSockError(raw, { address: this.address, port: this.port, syscall: 'bind' });
    }
    return {
      address: this.address,
      family: this.family,
      port: this.port,
      outcome: this.outcome,
      step: this.step,
      error,
    };
  }
}

/**
 * An attempt as recorded during a bind: whatever hands records out goes through settleAttempts()
 * first, so that every failed or skipped attempt has its SockError.
 */
export type AttemptRecord = BindAttempt | PendingAttempt;

/** Settles every pending attempt in place (the array keeps its identity) and returns it. */
export function settleAttempts(records: AttemptRecord[]): BindAttempt[] {
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (record instanceof PendingAttempt) records[i] = record.settle();
  }
  return records as BindAttempt[];
}
