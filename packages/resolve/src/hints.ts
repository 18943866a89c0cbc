import { SockError } from '@sock/errors';
import { describe } from './internal/parts-describe.js';
import { ORDERS, type AddressOrder } from './order.js';
import type { NormalizedHints, ResolveHints } from './types.js';

const bothSocktypes: readonly ('stream' | 'dgram')[] = Object.freeze(['stream', 'dgram']);
const streamOnly: readonly ('stream' | 'dgram')[] = Object.freeze(['stream']);
const dgramOnly: readonly ('stream' | 'dgram')[] = Object.freeze(['dgram']);

// The hints used when none are given.
const defaultHints: NormalizedHints = Object.freeze({
  key: answerKey(0, false, false, false, 'rfc6724'),
  family: 0,
  socktypes: bothSocktypes,
  passive: false,
  numericHost: false,
  numericService: false,
  addrConfig: false,
  v4Mapped: false,
  all: false,
  canonName: false,
  order: 'rfc6724',
  signal: undefined,
  timeout: undefined,
  lookup: undefined,
  hostsFile: undefined,
  resolver: undefined,
});

const booleanKeys = new Set([
  'passive',
  'numericHost',
  'numericService',
  'addrConfig',
  'v4Mapped',
  'all',
  'canonName',
  'hostsFile',
]);
const knownKeys = new Set([
  ...booleanKeys,
  'family',
  'socktype',
  'protocol',
  'order',
  'signal',
  'timeout',
  'lookup',
  'resolver',
]);

/** The longest timer Node keeps without firing at once (2^31 - 1 ms). */
const maxTimeout = 2_147_483_647;

/** Validates resolve() hints; throws ERR_SOCK_INVALID_HINTS naming the bad key or value. */
export function normalizeHints(hints: ResolveHints | undefined | null): NormalizedHints {
  if (hints === undefined || hints === null) return defaultHints;
  if (typeof hints !== 'object' || Array.isArray(hints)) {
    throw invalid(`The hints must be an object, got ${describe(hints)}.`);
  }
  const record = hints as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!knownKeys.has(key)) {
      const near = closest(key);
      throw invalid(
        `The hints have no option \`${key}\`${near === undefined ? '' : `; did you mean \`${near}\`?`}`,
        `Known hints: ${[...knownKeys].join(', ')}.`,
      );
    }
    const value = record[key];
    if (value !== undefined && booleanKeys.has(key) && typeof value !== 'boolean') {
      throw invalid(`The \`${key}\` hint must be true or false, got ${describe(value)}.`);
    }
  }
  const { family = 0, socktype, protocol, order = 'rfc6724', signal, timeout, lookup } = hints;
  if (family !== 0 && family !== 4 && family !== 6) {
    throw invalid(`The \`family\` hint must be 0, 4 or 6, got ${describe(family)}.`);
  }
  if (socktype !== undefined && socktype !== 'stream' && socktype !== 'dgram') {
    throw invalid(`The \`socktype\` hint must be 'stream' or 'dgram', got ${describe(socktype)}.`);
  }
  if (protocol !== undefined && protocol !== 'tcp' && protocol !== 'udp') {
    throw invalid(`The \`protocol\` hint must be 'tcp' or 'udp', got ${describe(protocol)}.`);
  }
  const fromProtocol =
    protocol === undefined ? undefined : protocol === 'tcp' ? 'stream' : ('dgram' as const);
  if (socktype !== undefined && fromProtocol !== undefined && socktype !== fromProtocol) {
    throw invalid(
      `The \`socktype\` hint \`${socktype}\` does not go with the \`protocol\` hint \`${String(protocol)}\`.`,
      "Use 'stream' with 'tcp' and 'dgram' with 'udp', or give only one of them.",
    );
  }
  if (!ORDERS.includes(order)) {
    throw invalid(
      `The \`order\` hint must be 'rfc6724', 'verbatim', 'ipv6first' or 'ipv4first', got ${describe(order)}.`,
    );
  }
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw invalid(`The \`signal\` hint must be an AbortSignal, got ${describe(signal)}.`);
  }
  if (
    timeout !== undefined &&
    (typeof timeout !== 'number' || !(timeout > 0) || !(timeout <= maxTimeout))
  ) {
    throw invalid(
      `The \`timeout\` hint must be a number of milliseconds from 1 to ${maxTimeout}, got ${describe(timeout)}.`,
    );
  }
  if (lookup !== undefined && typeof lookup !== 'function') {
    throw invalid(`The \`lookup\` hint must be a function, got ${describe(lookup)}.`);
  }
  const resolver = hints.resolver;
  if (
    resolver !== undefined &&
    (typeof resolver !== 'object' ||
      resolver === null ||
      typeof (resolver as { resolve?: unknown }).resolve !== 'function')
  ) {
    throw invalid(
      `The \`resolver\` hint must be a resolver from createResolver(), got ${describe(resolver)}.`,
    );
  }
  const type = socktype ?? fromProtocol;
  const v4Mapped = hints.v4Mapped === true;
  const all = hints.all === true;
  const addrConfig = hints.addrConfig === true;
  return {
    key: answerKey(family, v4Mapped, all, addrConfig, order),
    family,
    socktypes: type === undefined ? bothSocktypes : type === 'stream' ? streamOnly : dgramOnly,
    passive: hints.passive === true,
    numericHost: hints.numericHost === true,
    numericService: hints.numericService === true,
    addrConfig,
    v4Mapped,
    all,
    canonName: hints.canonName === true,
    order,
    signal,
    timeout,
    lookup,
    hostsFile: hints.hostsFile,
    resolver,
  };
}

/** The hints that shape the addresses of an answer, as text for cache keys. */
export function answerKey(
  family: 0 | 4 | 6,
  v4Mapped: boolean,
  all: boolean,
  addrConfig: boolean,
  order: AddressOrder,
): string {
  return `${family}${v4Mapped ? 'm' : ''}${all ? 'a' : ''}${addrConfig ? 'c' : ''}|${order}`;
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    value instanceof AbortSignal ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as AbortSignal).aborted === 'boolean' &&
      typeof (value as AbortSignal).addEventListener === 'function')
  );
}

function invalid(message: string, hint?: string): SockError {
  return new SockError({ code: 'ERR_SOCK_INVALID_HINTS', message, hint });
}

// A typo such as `famliy` is named with its likely fix: the known key at edit distance 2 or less
// (Levenshtein; a swap of two letters counts 2).
function closest(key: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const known of knownKeys) {
    const d = distance(key.toLowerCase(), known.toLowerCase());
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(row[j - 1]! + 1, previous[j]! + 1, previous[j - 1]! + cost));
    }
    previous = row;
  }
  return previous[b.length]!;
}
