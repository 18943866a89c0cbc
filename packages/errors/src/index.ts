export { sockCodes, type SockOwnCode } from './codes.js';
export {
  SockError,
  isSockError,
  type SockErrorCode,
  type SockErrorInit,
  type SystemErrorCode,
} from './sock-error.js';
export { toSockError, type SockErrorContext } from './to-sock-error.js';
