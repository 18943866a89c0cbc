import { SockError } from '@sock/errors';
import { didYouMean, renderValue } from '@sock/errors/unstable-do-not-import';
import { ORDERS, type AddressOrder } from './order.js';
import { isLookupFunction, isResolverLike } from './duck-types.js';
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
    throw invalid(`The hints must be an object, got ${renderValue(hints)}.`);
  }
  const record = hints as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!knownKeys.has(key)) {
      const near = didYouMean(key, [...knownKeys]);
      throw invalid(
        `The hints have no option \`${key}\`${near === undefined ? '' : `; did you mean \`${near}\`?`}`,
        `Known hints: ${[...knownKeys].join(', ')}.`,
      );
    }
    const value = record[key];
    if (value !== undefined && booleanKeys.has(key) && typeof value !== 'boolean') {
      throw invalid(`The \`${key}\` hint must be true or false, got ${renderValue(value)}.`);
    }
  }
  const { family = 0, socktype, protocol, order = 'rfc6724', signal, timeout, lookup } = hints;
  if (family !== 0 && family !== 4 && family !== 6) {
    throw invalid(`The \`family\` hint must be 0, 4 or 6, got ${renderValue(family)}.`);
  }
  if (socktype !== undefined && socktype !== 'stream' && socktype !== 'dgram') {
    throw invalid(
      `The \`socktype\` hint must be 'stream' or 'dgram', got ${renderValue(socktype)}.`,
    );
  }
  if (protocol !== undefined && protocol !== 'tcp' && protocol !== 'udp') {
    throw invalid(`The \`protocol\` hint must be 'tcp' or 'udp', got ${renderValue(protocol)}.`);
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
      `The \`order\` hint must be 'rfc6724', 'verbatim', 'ipv6first' or 'ipv4first', got ${renderValue(order)}.`,
    );
  }
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw invalid(`The \`signal\` hint must be an AbortSignal, got ${renderValue(signal)}.`);
  }
  if (
    timeout !== undefined &&
    (typeof timeout !== 'number' || !(timeout > 0) || !(timeout <= maxTimeout))
  ) {
    throw invalid(
      `The \`timeout\` hint must be a number of milliseconds from 1 to ${maxTimeout}, got ${renderValue(timeout)}.`,
    );
  }
  if (lookup !== undefined && !isLookupFunction(lookup)) {
    throw invalid(`The \`lookup\` hint must be a function, got ${renderValue(lookup)}.`);
  }
  const resolver = hints.resolver;
  if (resolver !== undefined && !isResolverLike(resolver)) {
    throw invalid(
      `The \`resolver\` hint must be a resolver from createResolver(), got ${renderValue(resolver)}.`,
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
