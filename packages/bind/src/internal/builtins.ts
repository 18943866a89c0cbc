// Built-in modules that only a rare path needs (a crowded port range, a Unix socket, a failure's
// diagnosis, dropping privileges), loaded on first use. A static import would load them for every
// program that imports @sock/bind, at start-up (node:crypto alone brings fifteen internal modules).
// process.getBuiltinModule() is synchronous and the same from the ESM and the CommonJS build.
import type * as NodeCrypto from 'node:crypto';
import type * as NodeFsPromises from 'node:fs/promises';
import type * as NodeWorkerThreads from 'node:worker_threads';

/** `node:crypto`, loaded on first call. */
export const crypto = (): typeof NodeCrypto => process.getBuiltinModule('node:crypto');

/** `node:fs/promises`, loaded on first call. */
export const fsPromises = (): typeof NodeFsPromises => process.getBuiltinModule('node:fs/promises');

/** `node:worker_threads`, loaded on first call. */
export const workerThreads = (): typeof NodeWorkerThreads =>
  process.getBuiltinModule('node:worker_threads');
