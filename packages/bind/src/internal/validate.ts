import { SockError, type SockOwnCode } from '@sock/errors';
import {
  invalidOption,
  validateAbortSignal,
  validateBoolean,
  validateFunction,
  validateInteger,
  validateKnownKeys,
  validateOneOf,
  validateOptionsObject,
  validateTimeout,
} from '@sock/errors/unstable-do-not-import';
import type { LookupFunction, Resolver } from '@sock/resolve';
import type { BindAttempt } from '../types.js';
import { browserUnsafePorts } from '../browser-unsafe.js';
import { parsePorts, type ParsedPorts } from './port-spec.js';
import { reusePortSupport } from './features.js';

/** BindOptions after checking, with defaults filled. */
export interface NormalizedOptions {
  /** Undefined: the loopback addresses; `'*'`: both wildcards. */
  readonly host: string | undefined;
  readonly ports: ParsedPorts;
  readonly exclude: ReadonlySet<number>;
  readonly protocol: 'tcp' | 'udp';
  readonly strategy: 'all' | 'first';
  readonly family: 0 | 4 | 6;
  readonly backlog: number | undefined;
  readonly ipv6Only: boolean | undefined;
  readonly exclusive: boolean | undefined;
  readonly reuseAddr: boolean | undefined;
  readonly reusePort: boolean;
  readonly signal: AbortSignal | undefined;
  readonly timeout: number | undefined;
  readonly resolver: Resolver | undefined;
  readonly lookup: LookupFunction | undefined;
  readonly systemd: boolean;
  readonly onAttempt: ((attempt: BindAttempt) => void) | undefined;
}

const KEYS = [
  'host',
  'port',
  'exclude',
  'protocol',
  'strategy',
  'family',
  'backlog',
  'ipv6Only',
  'exclusive',
  'reuseAddr',
  'reusePort',
  'signal',
  'timeout',
  'resolver',
  'lookup',
  'systemd',
  'onAttempt',
] as const;
const known: ReadonlySet<string> = new Set(KEYS);
// The largest backlog listen() takes (an int); the kernel caps it further (net.core.somaxconn).
const MAX_BACKLOG = 2_147_483_647;

/**
 * Options that only make sense when bind chooses IP addresses itself: an error with
 * `systemd: true` (systemd passed the sockets) and with `path` (no address at all).
 */
export const IP_ONLY_OPTIONS = [
  'host',
  'port',
  'exclude',
  'strategy',
  'family',
  'ipv6Only',
  'reuseAddr',
  'reusePort',
  'resolver',
  'lookup',
] as const;
const NOT_WITH_SYSTEMD = IP_ONLY_OPTIONS;

const fail = (code: SockOwnCode, message: string): SockError => new SockError({ code, message });

function checkHost(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.trim() === '' || v.length > 255) {
    throw invalidOption(
      'host',
      "a host name or IP address (or '*' for every interface)",
      v,
      'ERR_SOCK_INVALID_HOST',
    );
  }
  return v;
}

// Shared by every call without `exclude`: nothing ever adds to it.
const NO_EXCLUDE: ReadonlySet<number> = new Set();
const PROTOCOLS = ['tcp', 'udp'] as const;
const STRATEGIES = ['all', 'first'] as const;
const FAMILIES = [0, 4, 6] as const;

const BROWSER_UNSAFE: ReadonlySet<number> = new Set(browserUnsafePorts);

function checkExclude(v: unknown): ReadonlySet<number> {
  if (v === undefined) return NO_EXCLUDE;
  if (v === 'browser-unsafe') return BROWSER_UNSAFE;
  if (!Array.isArray(v)) {
    throw invalidOption('exclude', "an array of port numbers or 'browser-unsafe'", v);
  }
  for (const p of v as unknown[]) {
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 65535) {
      throw invalidOption(
        'exclude',
        'a list of integers from 0 to 65535',
        p,
        'ERR_SOCK_INVALID_PORT',
      );
    }
  }
  return new Set(v as number[]);
}

/** The options of a call that gives only `host` and `port`. */
function withDefaults(host: string | undefined, ports: ParsedPorts): NormalizedOptions {
  return {
    host,
    ports,
    exclude: NO_EXCLUDE,
    protocol: 'tcp',
    strategy: 'all',
    family: 0,
    backlog: undefined,
    ipv6Only: undefined,
    exclusive: undefined,
    reuseAddr: undefined,
    reusePort: false,
    signal: undefined,
    timeout: undefined,
    resolver: undefined,
    lookup: undefined,
    systemd: false,
    onAttempt: undefined,
  };
}

/** Checks every BindOptions key and fills defaults; throws a SockError naming the bad value. */
export function normalizeOptions(input: unknown): NormalizedOptions {
  const o = validateOptionsObject(input === null ? undefined : input, 'options') ?? {};
  // Only `host` and `port` given (the common shape): every other check would pass on undefined.
  let simple = true;
  for (const key of Object.keys(o)) {
    if (key === 'host' || key === 'port') continue;
    simple = false;
    if (!known.has(key)) validateKnownKeys(o, KEYS, 'bind()');
  }
  if (simple) return withDefaults(checkHost(o['host']), parsePorts(o['port'], NO_EXCLUDE));

  const systemd = validateBoolean(o['systemd'], 'systemd') ?? false;
  if (systemd) {
    const clash = NOT_WITH_SYSTEMD.find((k) => o[k] !== undefined);
    if (clash !== undefined) {
      throw fail(
        'ERR_SOCK_INVALID_OPTION',
        `The \`${clash}\` option cannot be combined with \`systemd: true\`: the sockets systemd passes are already bound. Set it in the .socket unit instead.`,
      );
    }
  }

  const host = checkHost(o['host']);
  const exclude = checkExclude(o['exclude']);
  const ports = parsePorts(o['port'], exclude);
  const protocol = validateOneOf(o['protocol'], 'protocol', PROTOCOLS) ?? 'tcp';
  const strategy = validateOneOf(o['strategy'], 'strategy', STRATEGIES) ?? 'all';
  const family = validateOneOf(o['family'], 'family', FAMILIES) ?? 0;

  const backlog = validateInteger(o['backlog'], 'backlog', 0, MAX_BACKLOG);
  if (backlog !== undefined) {
    if (protocol === 'udp') {
      throw fail(
        'ERR_SOCK_INVALID_OPTION',
        "The `backlog` option applies to TCP only; remove it for `protocol: 'udp'`.",
      );
    }
  }

  const ipv6Only = validateBoolean(o['ipv6Only'], 'ipv6Only');
  if (ipv6Only !== undefined && family === 4) {
    throw fail(
      'ERR_SOCK_INVALID_OPTION',
      `The \`ipv6Only\` option applies to IPv6 sockets, but \`family\` is 4; drop one of them.`,
    );
  }
  if (ipv6Only === false && host === '*') {
    throw fail(
      'ERR_SOCK_INVALID_OPTION',
      "Host `'*'` binds `::` with ipv6Only and `0.0.0.0` separately, so `ipv6Only: false` cannot be honoured; use host `'::'` for one dual-stack socket.",
    );
  }
  const exclusive = validateBoolean(o['exclusive'], 'exclusive');
  const reuseAddr = validateBoolean(o['reuseAddr'], 'reuseAddr');
  if (reuseAddr !== undefined && protocol === 'tcp') {
    throw fail(
      'ERR_SOCK_INVALID_OPTION',
      "The `reuseAddr` option applies to UDP only (Node always sets SO_REUSEADDR on TCP listeners on POSIX); remove it or use `protocol: 'udp'`.",
    );
  }
  const reusePort = validateBoolean(o['reusePort'], 'reusePort') ?? false;
  if (reusePort) {
    const missing = reusePortSupport(protocol);
    if (missing !== undefined) throw fail('ERR_SOCK_UNSUPPORTED', missing);
  }

  const signal = validateAbortSignal(o['signal'], 'signal');
  const timeout = validateTimeout(o['timeout'], 'timeout');
  const resolver = o['resolver'];
  if (
    resolver !== undefined &&
    (typeof resolver !== 'object' ||
      resolver === null ||
      typeof (resolver as { resolve?: unknown }).resolve !== 'function')
  ) {
    throw invalidOption('resolver', 'a Resolver from createResolver()', resolver);
  }
  const lookup = validateFunction<LookupFunction>(o['lookup'], 'lookup');
  if (lookup !== undefined && resolver !== undefined) {
    throw fail(
      'ERR_SOCK_INVALID_OPTION',
      'The `lookup` and `resolver` options exclude each other; pass the lookup to createResolver({ lookup }) instead.',
    );
  }
  const onAttempt = validateFunction<(attempt: BindAttempt) => void>(o['onAttempt'], 'onAttempt');

  return {
    host,
    ports,
    exclude,
    protocol,
    strategy,
    family,
    backlog,
    ipv6Only,
    exclusive,
    reuseAddr,
    reusePort,
    signal,
    timeout,
    resolver: resolver as Resolver | undefined,
    lookup,
    systemd,
    onAttempt,
  };
}
