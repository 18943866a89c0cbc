import type { AddrInfo } from './addrinfo.js';

// Answers for a null host or an IP literal without hints depend on the arguments alone (the
// services database is read once), so they are kept, frozen, and handed out as fresh arrays: the
// most common calls then cost two map lookups.
const memo = new Map<string, Map<unknown, AddrInfo[]>>();
let memoSize = 0;
const maxMemo = 1000;

/** A fresh copy of the answer kept for a host and service, if there is one. */
export function remembered(
  host: string | null | undefined,
  service: unknown,
  variant?: string,
): AddrInfo[] | undefined {
  // The array itself is never frozen: slice() of a frozen array takes V8's slow path (10x).
  return memo
    .get(variant === undefined ? (host ?? '') : `${variant}|${host ?? ''}`)
    ?.get(service)
    ?.slice();
}

/** Keeps an answer that depends on nothing but its arguments; freezes its entries. */
export function memorize(
  host: string | null | undefined,
  service: unknown,
  list: AddrInfo[],
  variant?: string,
): void {
  if (memoSize >= maxMemo) {
    memo.clear();
    memoSize = 0;
  }
  for (const info of list) Object.freeze(info);
  // A variant (the hints that shape the answer) keeps answers to different hints apart.
  const key = variant === undefined ? (host ?? '') : `${variant}|${host ?? ''}`;
  let byService = memo.get(key);
  if (byService === undefined) {
    byService = new Map();
    memo.set(key, byService);
  }
  byService.set(service, list.slice());
  memoSize++;
}
