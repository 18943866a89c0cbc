import type { SockOwnCode } from '../sock-codes.js';
import { SockError } from '../sock-error.js';
import { renderValue } from './render-value.js';

/**
 * The error for a bad option: ``The `name` option must be RULE, got VALUE.`` with the value shown
 * by renderValue(); the code is `ERR_SOCK_INVALID_OPTION` unless another is given.
 * @example invalidOption('port', 'an integer from 0 to 65535', 70000, 'ERR_SOCK_INVALID_PORT')
 */
export function invalidOption(
  name: string,
  rule: string,
  value: unknown,
  code: SockOwnCode = 'ERR_SOCK_INVALID_OPTION',
): SockError {
  return new SockError({
    code,
    message: `The \`${name}\` option must be ${rule}, got ${renderValue(value)}.`,
  });
}

/**
 * The error for a bad argument: ``The `name` argument must be RULE, got VALUE.``; the code is
 * `ERR_SOCK_INVALID_ARGUMENT` unless another is given.
 */
export function invalidArgument(
  name: string,
  rule: string,
  value: unknown,
  code: SockOwnCode = 'ERR_SOCK_INVALID_ARGUMENT',
): SockError {
  return new SockError({
    code,
    message: `The \`${name}\` argument must be ${rule}, got ${renderValue(value)}.`,
  });
}
