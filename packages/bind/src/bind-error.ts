import { inspect } from 'node:util';
import { SockError, type SockErrorInit } from '@sock/errors';
import { brandClass, formatHostPort, hasBrand } from '@sock/errors/unstable-do-not-import';
import type { AddrInfo } from '@sock/resolve';
import type { BindAttempt, BindStep, PortHolder } from './types.js';

/** What a BindError is made of. */
export interface BindErrorInit extends SockErrorInit {
  /** The step that failed. */
  readonly step: BindStep;
  /** Every candidate tried, in order. */
  readonly attempts: readonly BindAttempt[];
  /** Processes holding the port, where known. */
  readonly holders?: readonly PortHolder[] | undefined;
  /** What the resolver gave for the host, in order. */
  readonly candidates?: readonly AddrInfo[] | undefined;
}

// In the global symbol registry, so that a BindError made by another copy of this package (two
// versions installed, or the ESM and CJS builds side by side) is still recognised.
const brand: unique symbol = Symbol.for('@sock/bind.BindError') as never;

/**
 * A failed {@link bind}: the code of the underlying failure (`EADDRINUSE`...), the step, and the
 * facts the diagnosis found, so that nothing needs to look them up again: `candidates` (what the
 * resolver gave), `attempts` (every address and port tried, each with its SockError) and, for
 * EADDRINUSE, `holders` (the processes holding the port). `hint` says what to do.
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
  /** What the resolver gave for the host, in order; empty when resolving failed. */
  readonly candidates: readonly AddrInfo[];
  /** Every address and port tried, in order, and what became of it. */
  readonly attempts: readonly BindAttempt[];
  /** EADDRINUSE: the processes holding the port, where this host lets them be seen (Linux). */
  readonly holders?: readonly PortHolder[];
  /** Always `'BindError'`. */
  override name = 'BindError';

  constructor(init: BindErrorInit) {
    super(init);
    this.step = init.step;
    this.candidates = init.candidates ?? [];
    this.attempts = init.attempts;
    if (init.holders !== undefined) this.holders = init.holders;
  }

  /** `instanceof BindError` holds for a BindError of any copy of this package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isBindError(value);
  }
}

brandClass(BindError, brand);

/**
 * A few lines for a terminal (`console.error(err)`): the message, the step and address, the
 * attempts counted by outcome and code, the holders, and where it was thrown.
 */
function inspectBindError(this: BindError): string {
  const lines = [`${this.name} [${this.code}]: ${this.message}`];
  const where =
    this.address === undefined ? '' : ` on ${formatHostPort(this.address, this.port ?? '')}`;
  lines.push(`  step: ${this.step}${where}`);
  if (this.attempts.length > 0) lines.push(`  attempts: ${summarize(this.attempts)}`);
  if (this.holders !== undefined && this.holders.length > 0) {
    const named = this.holders.slice(0, 3).map((h) => `${h.command} (pid ${h.pid})`);
    const more = this.holders.length > 3 ? ` and ${this.holders.length - 3} more` : '';
    lines.push(`  holders: ${named.join(', ')}${more}`);
  }
  const frame = (this.stack ?? '').split('\n').find((line) => line.trimStart().startsWith('at '));
  if (frame !== undefined) lines.push(`  ${frame.trim()}`);
  return lines.join('\n');
}

Object.defineProperty(BindError.prototype, inspect.custom, { value: inspectBindError });

/** `3 attempts: 1 bound, 2 failed (EADDRINUSE 2)`. */
function summarize(attempts: readonly BindAttempt[]): string {
  const outcomes = new Map<string, number>();
  const codes = new Map<string, number>();
  for (const attempt of attempts) {
    outcomes.set(attempt.outcome, (outcomes.get(attempt.outcome) ?? 0) + 1);
    const code = attempt.error?.code;
    if (code !== undefined) codes.set(code, (codes.get(code) ?? 0) + 1);
  }
  const byOutcome = [...outcomes].map(([outcome, n]) => `${n} ${outcome}`).join(', ');
  const byCode = [...codes].map(([code, n]) => `${code} ${n}`).join(', ');
  return `${attempts.length} (${byOutcome}${byCode === '' ? '' : `; ${byCode}`})`;
}

/**
 * True for a BindError from any copy of `@sock/bind` (another version, or the other of the ESM
 * and CommonJS builds).
 * @example if (isBindError(err)) console.error(err.holders);
 */
export function isBindError(value: unknown): value is BindError {
  return hasBrand(value, brand);
}
