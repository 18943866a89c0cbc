// The size of libuv's threadpool as this process got it: UV_THREADPOOL_SIZE, default 4, max 1024.
function threadpoolSize(env: NodeJS.ProcessEnv = process.env): number {
  // libuv reads the variable once, at the first use of the pool, with atoi(); 0 counts as 1.
  const value = Number.parseInt(env['UV_THREADPOOL_SIZE'] ?? '', 10);
  if (!Number.isFinite(value)) return 4;
  return Math.min(1024, Math.max(1, value));
}

/**
 * The default cap on concurrent system lookups: libuv runs at most (size + 1) / 2 "slow I/O" jobs
 * (getaddrinfo is one) at a time, so that fs and crypto keep the other threads; more lookups than
 * that only wait inside libuv, where nothing can cancel or reorder them. Waiting in our queue
 * instead leaves libuv's slots to others.
 */
export function defaultMaxConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  return Math.max(1, Math.floor((threadpoolSize(env) + 1) / 2));
}
