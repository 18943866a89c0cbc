/**
 * SockError, toSockError() and hintFor(): what a program needs to turn a failure into an error
 * with a hint.
 *
 * @module @sock/errors
 */
// The start-up path: what a program needs to turn a failure into a SockError with a hint. The
// tables, describe() and translate() are on `@sock/errors/tables`.
export { sockCodes, type SockOwnCode } from './sock-codes.js';
export {
  SockError,
  isSockError,
  type SockErrorCode,
  type SockErrorInit,
  type SystemErrorCode,
} from './sock-error.js';
export { toSockError } from './to-sock-error.js';
export type { SockErrorContext } from './sock-error-context.js';
export {
  hintFor,
  type ExcludedPortRangeFacts,
  type HintContext,
  type PortHolderFacts,
} from './hints.js';
/**
 * @deprecated Import `describe` from `@sock/errors/tables`; this re-export goes away in the next
 * minor release.
 */
export { describe } from './describe.js';
