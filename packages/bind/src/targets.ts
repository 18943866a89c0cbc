// Step 1 of bind(): from the `host` and `port` options to the addresses to bind and the ports to
// try, through the resolver (an IP literal with a numeric port answers itself).
import { isIP } from 'node:net';
import { SockError, toSockError } from '@sock/errors';
import { isWildcard, resolve, type AddrInfo, type ResolveHints } from '@sock/resolve';
import { BindError } from './bind-error.js';
import type { BindRun, Target } from './bind-run.js';
import { excludesEveryPort } from './internal/port-spec.js';
import type { NormalizedOptions } from './internal/validate.js';

/** What bind() works on: the resolver's answer, the ports to try, and the addresses to bind. */
export interface Targets {
  readonly candidates: readonly AddrInfo[];
  readonly ports: readonly number[];
  readonly targets: readonly Target[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * An IP literal (without zone) and a numeric port resolve to themselves: answered here, since
 * a round through the resolver would cost more than the rest of a bind. Undefined otherwise.
 */
function literalCandidate(
  host: string | null,
  service: number | string,
  opts: NormalizedOptions,
): AddrInfo[] | undefined {
  if (host === null || typeof service !== 'number' || host.includes('%')) return undefined;
  const family = isIP(host);
  if (family === 0 || (opts.family !== 0 && opts.family !== family)) return undefined;
  const udp = opts.protocol === 'udp';
  return [
    {
      family: family === 6 ? 6 : 4,
      address: host,
      port: service,
      socktype: udp ? 'dgram' : 'stream',
      protocol: opts.protocol,
    },
  ];
}

// The resolver's answers for the default host (the loopback addresses) depend on nothing but the
// protocol, family and port (@sock/resolve marks null hosts stable), so they are kept: the round
// through the resolver would cost a third of a bind. Entries are frozen; callers get fresh arrays.
const defaultHostAnswers = new Map<string, readonly AddrInfo[]>();
const MAX_DEFAULT_HOST_ANSWERS = 64;

const defaultHostKey = (opts: NormalizedOptions, port: number): string =>
  `${opts.protocol}|${opts.family}|${port}`;

function rememberDefaultHost(key: string, candidates: readonly AddrInfo[]): void {
  if (defaultHostAnswers.size >= MAX_DEFAULT_HOST_ANSWERS) defaultHostAnswers.clear();
  defaultHostAnswers.set(
    key,
    candidates.map((c) => Object.freeze({ ...c })),
  );
}

/** The address as listen() takes it: with `%zone` for a scoped IPv6 candidate. */
const listenAddress = (c: AddrInfo): string =>
  c.scopeId !== undefined && c.scopeId !== '' && !c.address.includes('%')
    ? `${c.address}%${c.scopeId}`
    : c.address;

/** Resolves the host and the ports of `run`'s options into what to bind. */
export async function lookupTargets(run: BindRun): Promise<Targets> {
  const { candidates, ports } = await lookupCandidates(run);
  const targets = toTargets(run.opts, candidates);
  run.cancel.check();
  return { candidates, ports, targets };
}

async function lookupCandidates(
  run: BindRun,
): Promise<{ candidates: AddrInfo[]; ports: number[] }> {
  const { opts, cancel } = run;
  const { items, single } = opts.ports;
  // The protocol implies the socket type; defaults are left out, as each key costs a check.
  const base: Mutable<ResolveHints> = { protocol: opts.protocol };
  if (opts.family !== 0) base.family = opts.family;
  if (cancel.signal !== undefined) base.signal = cancel.signal;
  const host = opts.host === undefined || opts.host === '*' ? null : opts.host;
  const first = items[0] ?? 0;
  // One named port goes to the resolver with the host, as getaddrinfo takes a service.
  const service = single ? (typeof first === 'number' ? first : first.service) : 0;
  const remembered =
    single &&
    opts.host === undefined &&
    typeof service === 'number' &&
    opts.resolver === undefined &&
    opts.lookup === undefined;
  let candidates = literalCandidate(host, service, opts);
  if (candidates === undefined && remembered) {
    candidates = defaultHostAnswers.get(defaultHostKey(opts, service))?.slice();
  }
  if (candidates === undefined) {
    const hints: Mutable<ResolveHints> = { ...base };
    if (opts.host === '*') hints.passive = true;
    if (opts.resolver !== undefined) hints.resolver = opts.resolver;
    if (opts.lookup !== undefined) hints.lookup = opts.lookup;
    try {
      candidates = await cancel.race(resolve(host, service, hints));
    } catch (err) {
      throw resolveError(run, err, host ?? opts.host ?? 'localhost');
    }
    if (remembered) rememberDefaultHost(defaultHostKey(opts, service), candidates);
  }
  if (candidates.length === 0) throw noAddress(opts);
  if (single) {
    const port = candidates[0]?.port ?? 0;
    if (port !== 0 && opts.exclude.has(port)) {
      throw new SockError({
        code: 'ERR_SOCK_INVALID_PORT',
        message: `The \`port\` option \`${opts.ports.label}\` is port ${port}, which the \`exclude\` option excludes.`,
      });
    }
    return { candidates, ports: [port] };
  }
  const ports: number[] = [];
  for (const item of items) {
    if (typeof item === 'number') ports.push(item);
    else {
      try {
        const found = await cancel.race(resolve('127.0.0.1', item.service, base));
        const port = found[0]?.port;
        if (port !== undefined && (port === 0 || !opts.exclude.has(port))) ports.push(port);
      } catch (err) {
        throw resolveError(run, err, item.service);
      }
    }
  }
  if (ports.length === 0) throw excludesEveryPort(opts.ports.label);
  return { candidates, ports: [...new Set(ports)] };
}

function noAddress(opts: NormalizedOptions): BindError {
  return new BindError({
    code: 'ERR_SOCK_NO_ADDRESS',
    message: `bind failed: host \`${opts.host ?? 'localhost'}\` resolved to no ${opts.family === 0 ? '' : `IPv${opts.family} `}address.`,
    hint: 'Check the `host` and `family` options.',
    step: 'resolve',
    attempts: [],
  });
}

function resolveError(run: BindRun, err: unknown, what: string): unknown {
  if (run.cancel.aborted) return err;
  const cause = toSockError(err);
  return new BindError({
    code: cause.code,
    message: `bind failed with error: ${cause.code} resolving \`${what}\`: ${cause.message}`,
    hint: cause.hint,
    cause,
    hostname: cause.hostname,
    transient: cause.transient,
    step: 'resolve',
    attempts: [],
  });
}

/**
 * The distinct addresses to bind, each with its IPV6_V6ONLY setting; throws where the `ipv6Only`
 * option contradicts the addresses.
 */
export function toTargets(opts: NormalizedOptions, candidates: readonly AddrInfo[]): Target[] {
  const unique: { family: 4 | 6; address: string }[] = [];
  const seen = new Set<string>();
  let hasV4 = false;
  let hasV6 = false;
  let hasV6Wildcard = false;
  for (const c of candidates) {
    const address = listenAddress(c);
    const key = `${c.family}|${address}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push({ family: c.family, address });
    if (c.family === 4) hasV4 = true;
    else {
      hasV6 = true;
      if (isWildcard(address)) hasV6Wildcard = true;
    }
  }
  if (opts.ipv6Only !== undefined && !hasV6) {
    throw ipv6OnlyWithoutV6(opts, unique.map((u) => u.address).join(', '));
  }
  // A dual-stack `::` would hold the IPv4 port too, so the IPv4 addresses of the same set could
  // never bind: with both families to bind, `::` is made IPv6-only.
  const splitStack = opts.strategy === 'all' && hasV4 && hasV6;
  if (splitStack && opts.ipv6Only === false && hasV6Wildcard) {
    throw new SockError({
      code: 'ERR_SOCK_INVALID_OPTION',
      message: `With \`ipv6Only: false\`, \`::\` would take the IPv4 port too, so the IPv4 addresses of host \`${opts.host ?? ''}\` could not bind; drop \`ipv6Only\`, or use \`strategy: 'first'\` or \`family: 6\`.`,
    });
  }
  return unique.map((u) => ({
    family: u.family,
    address: u.address,
    ipv6Only:
      u.family === 4 ? undefined : splitStack && isWildcard(u.address) ? true : opts.ipv6Only,
  }));
}

function ipv6OnlyWithoutV6(opts: NormalizedOptions, addresses: string): SockError {
  return new SockError({
    code: 'ERR_SOCK_INVALID_OPTION',
    message: `The \`ipv6Only\` option applies to IPv6 addresses, but host \`${opts.host ?? 'localhost'}\` gave only ${addresses}; drop the option.`,
  });
}
