// The data tables of @sock/errors; the functions that read them live one level up.
export { platforms, type Platform } from './platforms.js';
export {
  errno,
  errnoAliases,
  errnoMessages,
  errnoOtherLinuxArchs,
  type ErrnoName,
} from './errno.js';
export { uv, uvMessages, type UvName } from './uv.js';
export { eai, eaiAliases, eaiMessages, eaiNodeCodes, type EaiName } from './eai.js';
export {
  winsock,
  winsockAliases,
  winsockToUv,
  winsockToUvChanges,
  win32Errors,
  type WinsockEntry,
  type WinsockName,
  type WinsockToUvChange,
} from './winsock.js';
