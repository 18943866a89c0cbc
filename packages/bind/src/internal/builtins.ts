// Built-in modules that only a rare path needs (a crowded port range, a Unix socket, a failure's
// diagnosis, dropping privileges), loaded on first use. A static import would load them for every
// program that imports @sock/bind, at start-up: node:crypto alone costs about 3 ms of CPU there.
// process.getBuiltinModule() is synchronous and the same from the ESM and the CommonJS build.

/** `node:crypto`, loaded on first call. */
export const crypto = (): typeof import('node:crypto') => process.getBuiltinModule('node:crypto');

/** `node:fs/promises`, loaded on first call. */
export const fsPromises = (): typeof import('node:fs/promises') =>
  process.getBuiltinModule('node:fs/promises');

/** `node:worker_threads`, loaded on first call. */
export const workerThreads = (): typeof import('node:worker_threads') =>
  process.getBuiltinModule('node:worker_threads');
