export { sockCodes, type SockOwnCode } from './codes.js';
export {
  SockError,
  isSockError,
  type SockErrorCode,
  type SockErrorInit,
  type SystemErrorCode,
} from './sock-error.js';
export { toSockError, type SockErrorContext } from './to-sock-error.js';
export { hintFor } from './hints.js';
export { describe, type DescribeOptions } from './describe.js';
export {
  translate,
  type TranslateOptions,
  type TranslateTarget,
  type Translation,
} from './translate.js';
export { namespaces, type ErrorDescription, type ErrorEntry, type Namespace } from './entry.js';
export {
  platforms,
  errno,
  errnoAliases,
  errnoMessages,
  errnoOtherLinuxArchs,
  uv,
  uvMessages,
  eai,
  eaiAliases,
  eaiMessages,
  eaiNodeCodes,
  winsock,
  winsockAliases,
  winsockToUv,
  winsockToUvChanges,
  win32Errors,
  type Platform,
  type ErrnoName,
  type UvName,
  type EaiName,
  type WinsockName,
  type WinsockEntry,
  type WinsockToUvChange,
} from './tables/index.js';
