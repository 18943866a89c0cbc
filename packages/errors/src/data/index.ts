// The data tables of @sock/errors; the functions that read them live one level up.
export { platforms, type Platform } from './platforms.js';
export { errno, errnoAliases, errnoMessages, type ErrnoName } from './errno.js';
export { errnoOtherLinuxArchs } from './errno-other-linux-archs.js';
export { uv, uvMessages, type UvName } from './uv.js';
export { eai, eaiAliases, eaiMessages, eaiNodeCodes, type EaiName } from './eai.js';
export { winsock, winsockAliases, type WinsockEntry, type WinsockName } from './winsock.js';
export {
  winsockToUv,
  winsockToUvChanges,
  win32Errors,
  type WinsockToUvChange,
} from './winsock-to-uv.js';
