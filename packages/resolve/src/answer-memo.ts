import type { AddrInfo } from './addrinfo.js';

// Answers for a null host or an IP literal depend on the arguments and the hints alone (the
// services database is read once), so they are kept for every hint set. Without hints, the most
// common call, the entries are frozen and shared (two map lookups); with hints, each caller gets
// entries of its own to change as it likes.
const memo = new Map<string, Map<unknown, AddrInfo[]>>();
let memoSize = 0;
const maxMemo = 1000;
// The answer given last without hints: asked again (a server resolving its one listen address, a
// client its one peer), it is two comparisons away instead of two map lookups.
let lastHost: string | null | undefined = undefined;
let lastService: unknown = undefined;
let lastList: AddrInfo[] | undefined = undefined;

/** A fresh copy of the answer kept for a host and service, if there is one. */
export function remembered(
  host: string | null | undefined,
  service: unknown,
  variant?: string,
): AddrInfo[] | undefined {
  // The array itself is never frozen: slice() of a frozen array takes V8's slow path (10x).
  if (variant === undefined) {
    if (lastList !== undefined && host === lastHost && service === lastService) {
      return lastList.slice();
    }
    const list = memo.get(host ?? '')?.get(service);
    if (list === undefined) return undefined;
    lastHost = host;
    lastService = service;
    lastList = list;
    return list.slice();
  }
  return memo
    .get(`${variant}|${host ?? ''}`)
    ?.get(service)
    ?.map((info) => ({ ...info }));
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
  lastList = undefined;
  // A variant (the hints that shape the answer) keeps answers to different hints apart.
  const key = variant === undefined ? (host ?? '') : `${variant}|${host ?? ''}`;
  let byService = memo.get(key);
  if (byService === undefined) {
    byService = new Map();
    memo.set(key, byService);
  }
  // Frozen copies: the first caller keeps its own array and entries to change as it likes.
  byService.set(
    service,
    list.map((info) => Object.freeze({ ...info })),
  );
  memoSize++;
}
