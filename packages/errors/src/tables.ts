/**
 * The errno, libuv, getaddrinfo and Winsock tables of every platform, with describe() and
 * translate(): `import { describe } from '@sock/errors/tables'`.
 *
 * @module @sock/errors/tables
 */
// `@sock/errors/tables`: every table, and the functions that read them for a person or a tool.
export { describe, type DescribeOptions } from './describe.js';
export {
  translate,
  type TranslateOptions,
  type TranslateTarget,
  type Translation,
} from './translate.js';
export {
  namespaces,
  type ErrorDescription,
  type ErrorEntry,
  type Namespace,
} from './error-entry.js';
export { sockCodes, type SockOwnCode } from './sock-codes.js';
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
} from './data/index.js';
