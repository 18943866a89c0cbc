import { lookup as dnsLookup, promises as dnsPromises, type LookupAddress } from 'node:dns';
import { promisify } from 'node:util';
import {
  readLookupOptions,
  throwAsDnsLookup,
  throwAsDnsPromisesLookup,
  type LookupCall,
} from './lookup-arguments.js';
import type { FoundAddress, ResolverLookup, ResolverPromises } from './types.js';

// The global `process` is an accessor, a function call on every read; this is the object itself.
const processObject = process;

/** A dns.lookup callback: an error, or one address and its family, or the list (`all`). */
export type LookupCallback = (err: unknown, address?: unknown, family?: number) => void;

/** What answers the lookups: a non-empty host name, checked and read as dns.lookup reads it. */
export interface NameLookups {
  lookupName(hostname: string, call: LookupCall, callback: LookupCallback): void;
}

const addressText = (a: FoundAddress): string =>
  a.scopeId === undefined ? a.address : `${a.address}%${a.scopeId}`;

/** The addresses as dns.lookup gives them with `all`: `{ address, family }`, zones in the text. */
function lookupList(addresses: readonly FoundAddress[]): LookupAddress[] {
  const list: LookupAddress[] = new Array<LookupAddress>(addresses.length);
  for (let i = 0; i < addresses.length; i++) {
    const a = addresses[i]!;
    list[i] = { address: addressText(a), family: a.family };
  }
  return list;
}

/** Calls back as dns.lookup does: on the next tick, one address or all of them. */
export function deliver(
  callback: LookupCallback,
  all: boolean,
  addresses: readonly FoundAddress[],
): void {
  // nextTick: an exception in the callback is the caller's, uncaught, as with dns.lookup.
  if (all) {
    processObject.nextTick(callback, null, lookupList(addresses));
  } else {
    const first = addresses[0]!;
    processObject.nextTick(callback, null, addressText(first), first.family);
  }
}

/**
 * Calls back at once, from a lookup function's own callback (never inside the caller's call, so
 * never synchronously for it): one tick fewer than deliver(). An exception in the callback stays
 * the caller's and uncaught, as with dns.lookup, without cutting short the answers to other callers.
 */
export function deliverNow(
  callback: LookupCallback,
  all: boolean,
  addresses: readonly FoundAddress[],
): void {
  if (all) {
    answerNow(callback, null, lookupList(addresses));
  } else {
    const first = addresses[0]!;
    answerNow(callback, null, addressText(first), first.family);
  }
}

/** Calls back at once; an exception in the callback is rethrown on the next tick, uncaught. */
export function answerNow(
  callback: LookupCallback,
  err: unknown,
  address?: unknown,
  family?: number,
): void {
  try {
    if (address === undefined) callback(err);
    else if (family === undefined) callback(err, address);
    else callback(err, address, family);
  } catch (thrown) {
    processObject.nextTick(rethrow, thrown);
  }
}

function rethrow(thrown: unknown): never {
  throw thrown;
}

/** dns.lookup, argument checks and all, answered through `names` for a non-empty host. */
export function makeLookup(names: NameLookups): ResolverLookup {
  const lookup = function lookup(
    hostname: unknown,
    options?: unknown,
    callback?: unknown,
  ): unknown {
    const call = readLookupOptions(options, callback, true);
    if (call === undefined || (Boolean(hostname) && typeof hostname !== 'string')) {
      // eslint-disable-next-line prefer-rest-params -- Node's checks depend on the arity.
      throwAsDnsLookup(arguments);
      // eslint-disable-next-line prefer-rest-params
      return (dnsLookup as (...a: unknown[]) => unknown)(...(Array.from(arguments) as unknown[]));
    }
    const cb = (typeof options === 'function' ? options : callback) as LookupCallback;
    if (!hostname) {
      // Node answers falsy hosts itself, with its one-time deprecation warning (DEP0118).
      // eslint-disable-next-line prefer-rest-params
      return (dnsLookup as (...a: unknown[]) => unknown)(...(Array.from(arguments) as unknown[]));
    }
    names.lookupName(hostname as string, call, cb);
    return {};
  };
  const callable: (...a: unknown[]) => unknown = lookup;
  const promised = (...args: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      callable(...args, (err: unknown, ...values: unknown[]) => {
        // As util.promisify(dns.lookup): `{ address, family }`, or the one value (`all`).
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as given.
        if (err !== null && err !== undefined) reject(err);
        else resolve(values.length > 1 ? { address: values[0], family: values[1] } : values[0]);
      });
    });
  Object.defineProperty(lookup, promisify.custom, { value: promised });
  Object.defineProperty(lookup, '__promisify__', { value: promised });
  return lookup as unknown as ResolverLookup;
}

/** dns.promises.lookup, answered through `names` for a non-empty host. */
export function makePromisesLookup(names: NameLookups): ResolverPromises['lookup'] {
  const lookup = function lookup(hostname: unknown, options?: unknown): Promise<unknown> {
    const call = readLookupOptions(options, undefined, false);
    if (call === undefined || (Boolean(hostname) && typeof hostname !== 'string')) {
      // eslint-disable-next-line prefer-rest-params -- Node's checks depend on the arity.
      throwAsDnsPromisesLookup(arguments);
      return (dnsPromises.lookup as (...a: unknown[]) => Promise<unknown>)(hostname, options);
    }
    if (!hostname) {
      return (dnsPromises.lookup as (...a: unknown[]) => Promise<unknown>)(hostname, options);
    }
    return new Promise((resolve, reject) => {
      names.lookupName(hostname as string, call, (err, address, family) => {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as given.
        if (err !== null && err !== undefined) reject(err);
        else resolve(call.all ? address : { address, family });
      });
    });
  };
  return lookup as ResolverPromises['lookup'];
}
