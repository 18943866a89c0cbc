// dns.lookup's calling convention, read exactly as the running Node reads it, for resolver.lookup and
// resolver.promises.lookup.
import {
  ADDRCONFIG,
  ALL,
  V4MAPPED,
  getDefaultResultOrder,
  lookup as dnsLookup,
  promises as dnsPromises,
} from 'node:dns';
import { getSystemErrorMap } from 'node:util';
import { isSockError, SockError } from '@sock/errors';
import { answerKey } from './hints.js';
import type { NormalizedHints } from './types.js';

/** The options of one dns.lookup call, checked, with Node's defaults filled in. */
export interface LookupCall {
  readonly hints: NormalizedHints;
  readonly all: boolean;
  readonly family: 0 | 4 | 6;
}

const validFlags = ADDRCONFIG | ALL | V4MAPPED;
const nodeOrders: readonly string[] = ['verbatim', 'ipv4first', 'ipv6first'];
const bothSocktypes: readonly ('stream' | 'dgram')[] = Object.freeze(['stream', 'dgram']);

// One frozen NormalizedHints per family, flag set and order: a lookup allocates none.
const hintsCache = new Map<string, NormalizedHints>();

// The common case, no family and no flags, by order: a property read instead of a string key.
const plainHints: Record<string, NormalizedHints> = Object.create(null) as Record<
  string,
  NormalizedHints
>;

function lookupHints(family: 0 | 4 | 6, flags: number, order: string): NormalizedHints {
  if (family === 0 && flags === 0) {
    const plain = plainHints[order];
    if (plain !== undefined) return plain;
  }
  const id = `${family}|${flags}|${order}`;
  let hints = hintsCache.get(id);
  if (hints === undefined) {
    const v4Mapped = (flags & V4MAPPED) !== 0;
    const all = (flags & ALL) !== 0;
    const addrConfig = (flags & ADDRCONFIG) !== 0;
    const sockOrder = order as NormalizedHints['order'];
    hints = Object.freeze({
      key: answerKey(family, v4Mapped, all, addrConfig, sockOrder),
      family,
      socktypes: bothSocktypes,
      passive: false,
      numericHost: false,
      numericService: false,
      addrConfig,
      v4Mapped,
      all,
      canonName: false,
      order: sockOrder,
      signal: undefined,
      timeout: undefined,
      lookup: undefined,
      hostsFile: undefined,
      resolver: undefined,
    });
    hintsCache.set(id, hints);
    if (family === 0 && flags === 0) plainHints[order] = hints;
  }
  return hints;
}

/**
 * Reads dns.lookup's `options` (an object, a family number, or absent) as Node does; undefined
 * when Node would refuse them. `callback` is checked only where Node checks it.
 */
export function readLookupOptions(
  options: unknown,
  callback: unknown,
  needCallback: boolean,
): LookupCall | undefined {
  let family: 0 | 4 | 6 = 0;
  let flags = 0;
  let all = false;
  let order = getDefaultResultOrder() as string;
  if (typeof options === 'function') {
    if (!needCallback) return undefined;
  } else if (typeof options === 'number') {
    if (needCallback && typeof callback !== 'function') return undefined;
    if (options !== 0 && options !== 4 && options !== 6) return undefined;
    family = options;
  } else if (options !== undefined && typeof options !== 'object') {
    return undefined;
  } else {
    if (needCallback && typeof callback !== 'function') return undefined;
    if (options !== null && options !== undefined) {
      const o = options as Record<string, unknown>;
      const hints = o['hints'];
      if (hints !== null && hints !== undefined) {
        if (typeof hints !== 'number') return undefined;
        flags = hints >>> 0;
        if ((flags & ~validFlags) !== 0) return undefined;
      }
      const fam = o['family'];
      if (fam !== null && fam !== undefined) {
        // The callback API takes the family names too; dns.promises.lookup does not.
        if (fam === 'IPv4' && needCallback) family = 4;
        else if (fam === 'IPv6' && needCallback) family = 6;
        else if (fam === 0 || fam === 4 || fam === 6) family = fam;
        else return undefined;
      }
      const a = o['all'];
      if (a !== null && a !== undefined) {
        if (typeof a !== 'boolean') return undefined;
        all = a;
      }
      const verbatim = o['verbatim'];
      if (verbatim !== null && verbatim !== undefined) {
        if (typeof verbatim !== 'boolean') return undefined;
        order = verbatim ? 'verbatim' : 'ipv4first';
      }
      const ord = o['order'];
      if (ord !== null && ord !== undefined) {
        if (typeof ord !== 'string' || !nodeOrders.includes(ord)) return undefined;
        order = ord;
      }
    }
  }
  if (flags === 0) {
    // The common cases: one frozen call per family, order and `all`, found by comparing
    // strings Node keeps one copy of, so a lookup allocates nothing and hashes nothing here.
    const byOrder =
      order === 'verbatim' ? 0 : order === 'ipv4first' ? 1 : order === 'ipv6first' ? 2 : -1;
    if (byOrder !== -1) {
      const slot = (family === 0 ? 0 : family === 4 ? 6 : 12) + byOrder * 2 + (all ? 1 : 0);
      let call = commonCalls[slot];
      if (call === undefined) {
        call = Object.freeze({ hints: lookupHints(family, 0, order), all, family });
        commonCalls[slot] = call;
      }
      return call;
    }
  }
  return { hints: lookupHints(family, flags, order), all, family };
}

// Family (0, 4, 6) by order (verbatim, ipv4first, ipv6first) by `all`: 18 slots.
const commonCalls: (LookupCall | undefined)[] = new Array<LookupCall | undefined>(18).fill(
  undefined,
);

const noop = (): void => undefined;

/**
 * Throws the error the running Node's dns.lookup throws for these arguments, by letting it check
 * them: its classes, codes and wording then match on every Node version. The host is swapped for
 * an IP literal and callbacks for a no-op, so a call that passes the checks does nothing at all.
 */
export function throwAsDnsLookup(args: ArrayLike<unknown>): void {
  const probe = probeArguments(args);
  (dnsLookup as (...a: unknown[]) => unknown)(...probe);
}

/** As throwAsDnsLookup(), for dns.promises.lookup, whose checks throw synchronously too. */
export function throwAsDnsPromisesLookup(args: ArrayLike<unknown>): void {
  const probe = probeArguments(args);
  const answer = (dnsPromises.lookup as (...a: unknown[]) => Promise<unknown>)(...probe);
  answer.catch(noop);
}

function probeArguments(args: ArrayLike<unknown>): unknown[] {
  // A function is swapped for a no-op of the same name, which is all Node's messages show of it.
  const probe = Array.from(args, (arg) =>
    typeof arg === 'function'
      ? Object.defineProperty(() => undefined, 'name', { value: arg.name })
      : arg,
  );
  // A host that is a string or falsy passes Node's host check; any other value is what it refuses.
  if (typeof probe[0] === 'string' || !probe[0]) probe[0] = '127.0.0.1';
  return probe;
}

let uvErrnos: Map<string, number> | undefined;

// libuv's negative errno for a code, as Node puts it in `err.errno` (ENOTFOUND is EAI_NONAME).
function uvErrno(code: string): number | undefined {
  if (uvErrnos === undefined) {
    uvErrnos = new Map();
    for (const [errno, [name]] of getSystemErrorMap()) uvErrnos.set(name, errno);
  }
  return uvErrnos.get(code === 'ENOTFOUND' ? 'EAI_NONAME' : code);
}

/**
 * The error dns.lookup would give for a failed getaddrinfo: code, errno, syscall, hostname and the
 * message `getaddrinfo CODE host`, still a SockError with its hint. Other errors (a timeout, an
 * overloaded resolver, an abort reason) pass unchanged.
 */
export function asLookupError(err: unknown, hostname: string): unknown {
  if (!isSockError(err) || err.syscall !== 'getaddrinfo' || !/^E[A-Z_]+$/.test(err.code)) {
    return err;
  }
  if (err.code === 'ETIMEDOUT') return err;
  const cause = err.cause as { errno?: unknown } | undefined;
  const errno = typeof cause?.errno === 'number' ? cause.errno : uvErrno(err.code);
  return new SockError({
    code: err.code,
    message: `getaddrinfo ${err.code} ${hostname}`,
    hint: err.hint,
    cause: err.cause ?? err,
    errno,
    syscall: 'getaddrinfo',
    hostname,
    transient: err.transient,
  });
}
