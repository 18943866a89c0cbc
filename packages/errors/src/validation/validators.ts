// One check per kind of option, the way Node's lib/internal/validators.js has one: each returns
// the value it checked, lets `undefined` through (an option left out), and throws a SockError whose
// message reads ``The `name` option must be RULE, got VALUE.`` otherwise. The optional last
// argument replaces the code (ERR_SOCK_INVALID_OPTION unless said otherwise).
import type { SockOwnCode } from '../sock-codes.js';
import { invalidArgument, invalidOption } from './invalid-input.js';
import { renderValue } from './render-value.js';

/** The largest delay a Node timer takes (2^31 - 1 ms); longer ones fire at once. */
export const MAX_TIMEOUT = 2_147_483_647;

/** `true`, `false` or `undefined`. */
export function validateBoolean(
  value: unknown,
  name: string,
  code?: SockOwnCode,
): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw invalidOption(name, 'true or false', value, code);
}

/** An integer from `min` to `max` (`-0` reads as 0), or `undefined`. */
export function validateInteger(
  value: unknown,
  name: string,
  min: number,
  max: number,
  code?: SockOwnCode,
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) {
    return value + 0;
  }
  throw invalidOption(name, `an integer from ${min} to ${max}`, value, code);
}

/** A port number: an integer from 0 to 65535 (code `ERR_SOCK_INVALID_PORT`), or `undefined`. */
export function validatePort(
  value: unknown,
  name: string,
  code: SockOwnCode = 'ERR_SOCK_INVALID_PORT',
): number | undefined {
  return validateInteger(value, name, 0, 65535, code);
}

/** A delay in milliseconds greater than 0 and at most 2147483647, or `undefined`. */
export function validateTimeout(
  value: unknown,
  name: string,
  code?: SockOwnCode,
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && value > 0 && value <= MAX_TIMEOUT) return value;
  throw invalidOption(name, `a positive number of milliseconds up to ${MAX_TIMEOUT}`, value, code);
}

/** An AbortSignal (from any realm, checked as Node checks it), or `undefined`. */
export function validateAbortSignal(
  value: unknown,
  name: string,
  code?: SockOwnCode,
): AbortSignal | undefined {
  if (value === undefined) return undefined;
  let ok = false;
  try {
    ok =
      typeof value === 'object' &&
      value !== null &&
      'aborted' in value &&
      typeof (value as { addEventListener?: unknown }).addEventListener === 'function';
  } catch {
    ok = false;
  }
  if (ok) return value as AbortSignal;
  throw invalidOption(name, 'an AbortSignal', value, code);
}

/** A function, or `undefined`. */
export function validateFunction<T extends (...args: never[]) => unknown>(
  value: unknown,
  name: string,
  code?: SockOwnCode,
): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'function') return value as T;
  throw invalidOption(name, 'a function', value, code);
}

/** The choices as a rule reads them: `'tcp' or 'udp'`, `4, 6 or 0`. */
export function listChoices(choices: readonly unknown[]): string {
  const shown = choices.map(renderValue);
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)!}`;
}

/** One of `choices` (compared with SameValueZero), or `undefined`. */
export function validateOneOf<const T>(
  value: unknown,
  name: string,
  choices: readonly T[],
  code?: SockOwnCode,
): T | undefined {
  if (value === undefined) return undefined;
  if ((choices as readonly unknown[]).includes(value)) return value as T;
  throw invalidOption(
    name,
    choices.length <= 2 ? listChoices(choices) : `one of ${listChoices(choices)}`,
    value,
    code,
  );
}

/**
 * An options object (any object that is not an array or a function), or `undefined`; anything
 * else throws ``The `options` argument must be an object, got …`` (`ERR_SOCK_INVALID_ARGUMENT`).
 */
export function validateOptionsObject(
  value: unknown,
  name: string,
  code?: SockOwnCode,
): Readonly<Record<string, unknown>> | undefined {
  if (value === undefined) return undefined;
  let ok = false;
  try {
    ok = typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    ok = false;
  }
  if (ok) return value as Readonly<Record<string, unknown>>;
  throw invalidArgument(name, 'an object', value, code);
}
