import { SockError, type SockOwnCode } from '@sock/errors';
import type { LookupFunction, Resolver } from '@sock/resolve';
import type { BindAttempt } from '../types.js';
import { describe, parsePorts, type ParsedPorts } from './port-spec.js';
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

// Keys that only make sense when bind chooses the addresses itself, not when systemd passed them.
const NOT_WITH_SYSTEMD = [
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

const fail = (code: SockOwnCode, message: string): SockError => new SockError({ code, message });

const bad = (key: string, rule: string, value: unknown): SockError =>
  fail(
    'ERR_SOCK_INVALID_OPTION',
    `The \`${key}\` option must be ${rule}, got \`${describe(value)}\`.`,
  );

function optionalBoolean(o: Record<string, unknown>, key: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || typeof v === 'boolean') return v;
  throw bad(key, 'a boolean', v);
}

function oneOf<T extends string | number>(
  o: Record<string, unknown>,
  key: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const v = o[key];
  if (v === undefined) return fallback;
  if ((allowed as readonly unknown[]).includes(v)) return v as T;
  throw bad(key, `one of ${allowed.map((a) => `\`${describe(a)}\``).join(', ')}`, v);
}

function checkHost(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.trim() === '' || v.length > 255) {
    throw fail(
      'ERR_SOCK_INVALID_HOST',
      `The \`host\` option must be a host name or IP address (or \`'*'\` for every interface), got \`${describe(v)}\`.`,
    );
  }
  return v;
}

// Shared by every call without `exclude`: nothing ever adds to it.
const NO_EXCLUDE: ReadonlySet<number> = new Set();
const PROTOCOLS = ['tcp', 'udp'] as const;
const STRATEGIES = ['all', 'first'] as const;
const FAMILIES = [0, 4, 6] as const;

function checkExclude(v: unknown): ReadonlySet<number> {
  if (v === undefined) return NO_EXCLUDE;
  if (!Array.isArray(v)) throw bad('exclude', 'an array of port numbers', v);
  for (const p of v as unknown[]) {
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 65535) {
      throw fail(
        'ERR_SOCK_INVALID_PORT',
        `The \`exclude\` option must list integers from 0 to 65535, got \`${describe(p)}\`.`,
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
  if (input === undefined || input === null) input = {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw fail(
      'ERR_SOCK_INVALID_ARGUMENT',
      `The options of bind() must be an object, got \`${describe(input)}\`.`,
    );
  }
  const o = input as Record<string, unknown>;
  // Only `host` and `port` given (the common shape): every other check would pass on undefined.
  let simple = true;
  for (const key of Object.keys(o)) {
    if (key === 'host' || key === 'port') continue;
    simple = false;
    if (!known.has(key)) {
      throw fail(
        'ERR_SOCK_INVALID_OPTION',
        `Unknown option \`${key}\`; bind() takes ${KEYS.map((k) => `\`${k}\``).join(', ')}.`,
      );
    }
  }
  if (simple) return withDefaults(checkHost(o['host']), parsePorts(o['port'], NO_EXCLUDE));

  const systemd = optionalBoolean(o, 'systemd') ?? false;
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
  const protocol = oneOf(o, 'protocol', PROTOCOLS, 'tcp');
  const strategy = oneOf(o, 'strategy', STRATEGIES, 'all');
  const family = oneOf(o, 'family', FAMILIES, 0);

  const backlog = o['backlog'];
  if (backlog !== undefined) {
    if (typeof backlog !== 'number' || !Number.isInteger(backlog) || backlog < 0) {
      throw bad('backlog', 'a non-negative integer', backlog);
    }
    if (protocol === 'udp') {
      throw fail(
        'ERR_SOCK_INVALID_OPTION',
        "The `backlog` option applies to TCP only; remove it for `protocol: 'udp'`.",
      );
    }
  }

  const ipv6Only = optionalBoolean(o, 'ipv6Only');
  if (ipv6Only === true && family === 4) {
    throw fail(
      'ERR_SOCK_INVALID_OPTION',
      'The `ipv6Only` option applies to IPv6 sockets, but `family` is 4; drop one of them.',
    );
  }
  if (ipv6Only === false && host === '*') {
    throw fail(
      'ERR_SOCK_INVALID_OPTION',
      "Host `'*'` binds `::` with ipv6Only and `0.0.0.0` separately, so `ipv6Only: false` cannot be honoured; use host `'::'` for one dual-stack socket.",
    );
  }
  const exclusive = optionalBoolean(o, 'exclusive');
  const reuseAddr = optionalBoolean(o, 'reuseAddr');
  if (reuseAddr !== undefined && protocol === 'tcp') {
    throw fail(
      'ERR_SOCK_INVALID_OPTION',
      "The `reuseAddr` option applies to UDP only (Node always sets SO_REUSEADDR on TCP listeners on POSIX); remove it or use `protocol: 'udp'`.",
    );
  }
  const reusePort = optionalBoolean(o, 'reusePort') ?? false;
  if (reusePort) {
    const missing = reusePortSupport(protocol);
    if (missing !== undefined) throw fail('ERR_SOCK_UNSUPPORTED', missing);
  }

  const signal = o['signal'];
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw bad('signal', 'an AbortSignal', signal);
  }
  const timeout = o['timeout'];
  if (
    timeout !== undefined &&
    (typeof timeout !== 'number' || !(timeout > 0) || timeout > 2_147_483_647)
  ) {
    throw bad('timeout', 'a number of milliseconds above 0 and at most 2147483647', timeout);
  }
  const resolver = o['resolver'];
  if (
    resolver !== undefined &&
    (typeof resolver !== 'object' ||
      resolver === null ||
      typeof (resolver as { resolve?: unknown }).resolve !== 'function')
  ) {
    throw bad('resolver', 'a Resolver from createResolver()', resolver);
  }
  const lookup = o['lookup'];
  if (lookup !== undefined && typeof lookup !== 'function') {
    throw bad('lookup', "a function in dns.lookup's shape", lookup);
  }
  if (lookup !== undefined && resolver !== undefined) {
    throw fail(
      'ERR_SOCK_INVALID_OPTION',
      'The `lookup` and `resolver` options exclude each other; pass the lookup to createResolver({ lookup }) instead.',
    );
  }
  const onAttempt = o['onAttempt'];
  if (onAttempt !== undefined && typeof onAttempt !== 'function') {
    throw bad('onAttempt', 'a function', onAttempt);
  }

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
    lookup: lookup as LookupFunction | undefined,
    systemd,
    onAttempt: onAttempt as ((attempt: BindAttempt) => void) | undefined,
  };
}
