import type * as dgram from 'node:dgram';
import type * as net from 'node:net';
import { isIP } from 'node:net';
import { SockError, toSockError } from '@sock/errors';
import { isWildcard, resolve, type AddrInfo, type ResolveHints } from '@sock/resolve';
import { BindError, type BindAttempt } from './bind-error.js';
import { BindingImpl, type Binding, type BoundAddress } from './binding.js';
import { explainBindError } from './diagnose.js';
import type { BindOptions } from './options.js';
import { Cancellation } from './internal/cancel.js';
import { PendingAttempt, settleAttempts, type AttemptRecord } from './internal/attempts.js';
import { excludesEveryPort } from './internal/ports.js';
import {
  closeHandle,
  OpenFailure,
  openListener,
  type OpenRequest,
  type OpenResult,
} from './internal/listen.js';
import { adoptSystemdSockets } from './internal/systemd.js';
import { normalizeOptions, type NormalizedOptions } from './internal/validate.js';

type Handle = net.Server | dgram.Socket;

/** One address to bind, from the resolver's candidates. */
interface Target {
  readonly family: 4 | 6;
  /** As given to listen(): with `%zone` for scoped IPv6. */
  readonly address: string;
  readonly ipv6Only: boolean | undefined;
}

interface Bound {
  readonly target: Target;
  readonly handle: Handle;
  readonly port: number;
}

interface Failure {
  readonly target: Target;
  readonly port: number;
  /** Its code at once; its SockError built when read. */
  readonly reason: OpenFailure;
}

type Tried =
  | { readonly ok: true; readonly bound: Bound }
  | { readonly ok: false; readonly failure: Failure; readonly skipped: boolean };

type RoundResult =
  | { readonly ok: true; readonly bound: readonly Bound[] }
  | { readonly ok: false; readonly failure: Failure; readonly next: boolean };

// How often a set bound on port 0 is retried when another process takes the chosen port on a
// later address, or when the kernel hands out an excluded port.
const MAX_ROUNDS = 20;
// An IPv6 address failing with these means this host cannot use IPv6 (disabled, no ::1 in a
// container): 'all' goes on without it (docker/for-linux#1374, tornadoweb/tornado#2274).
const FAMILY_CODES: ReadonlySet<string> = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT']);
// Codes after which the next port of a list or range is worth trying.
const NEXT_PORT_CODES: ReadonlySet<string> = new Set(['EADDRINUSE', 'EACCES']);
// Codes explainBindError() has something to say about.
const EXPLAINED: ReadonlySet<string> = new Set([
  'EADDRINUSE',
  'EACCES',
  'EADDRNOTAVAIL',
  'EAFNOSUPPORT',
]);

/** `[::1]:80` or `127.0.0.1:80`. */
const endpoint = (address: string, port: number | string): string =>
  address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;

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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Resolved {
  readonly candidates: AddrInfo[];
  readonly ports: number[];
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

// Inert (no signal, no timer): shared by every call that cannot be cancelled.
const INERT = new Cancellation(undefined, undefined, 'bind()');

/**
 * Resolves the host and binds every address it gives on one port (or the first that binds),
 * closing everything it opened on any failure.
 *
 * @example
 * await using binding = await bind({ port: 0 }); // ::1 and 127.0.0.1, one shared port
 * serve((req, res) => res.end('hello'), binding);
 */
export function bind(options?: BindOptions): Promise<Binding> {
  let opts: NormalizedOptions;
  try {
    opts = normalizeOptions(options);
  } catch (err) {
    // Whatever was thrown (a SockError, or what a getter on the options threw) goes on unchanged.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    return Promise.reject(err);
  }
  // Nothing can cancel the call: no listener, timer or disposal to set up and tear down.
  if (opts.signal === undefined && opts.timeout === undefined && !opts.systemd) {
    return new Binder(opts, INERT).run();
  }
  return bindCancellable(opts);
}

async function bindCancellable(opts: NormalizedOptions): Promise<Binding> {
  using cancel = new Cancellation(opts.signal, opts.timeout, 'bind()');
  // Awaited here, not returned, so that `cancel` lives until the work is done.
  if (opts.systemd) return await adoptSystemdSockets(opts, cancel);
  return await new Binder(opts, cancel).run();
}

class Binder {
  readonly #opts: NormalizedOptions;
  readonly #cancel: Cancellation;
  /** Failed attempts stay pending (no SockError yet) until someone reads them. */
  readonly #attempts: AttemptRecord[] = [];
  /** Everything open right now, closed on any failure. */
  readonly #open: Handle[] = [];
  /** Sockets on excluded ports, kept open so the kernel hands out another; closed at the end. */
  readonly #held: Handle[] = [];
  #rounds = 0;

  constructor(opts: NormalizedOptions, cancel: Cancellation) {
    this.#opts = opts;
    this.#cancel = cancel;
  }

  /** Binds, then either returns the Binding or closes everything opened and rejects. */
  run(): Promise<Binding> {
    let local: Resolved | undefined;
    try {
      local = this.#resolveLocal();
    } catch (err) {
      return this.#fail(err);
    }
    if (local !== undefined) return this.#bindResolved(local);
    return this.#resolve().then(
      (resolved) => this.#bindResolved(resolved),
      (err: unknown) => this.#fail(err),
    );
  }

  /** Closes everything opened, then rejects with `err`, or the abort reason once aborted. */
  async #fail(err: unknown): Promise<never> {
    await this.#closeAll();
    if (this.#cancel.aborted) throw this.#cancel.signal?.reason;
    throw err;
  }

  #bindResolved(resolved: Resolved): Promise<Binding> {
    let targets: Target[];
    try {
      targets = this.#targets(resolved.candidates);
      this.#cancel.check();
    } catch (err) {
      return this.#fail(err);
    }
    const only = targets[0];
    const port = resolved.ports[0];
    if (
      only === undefined ||
      port === undefined ||
      targets.length !== 1 ||
      resolved.ports.length !== 1 ||
      this.#opts.exclude.size !== 0
    ) {
      return this.#run(resolved.candidates, resolved.ports, targets);
    }
    // One address, one port, no excluded port to step over: one attempt decides, as it would in
    // #bindAll() or #bindFirst(), without their rounds or an async frame of its own.
    return openListener(this.#request(only, port)).then(
      (opened) => {
        let result: Tried;
        try {
          result = this.#tried(only, port, opened);
        } catch (err) {
          return this.#fail(err);
        }
        if (result.ok) return this.#binding(resolved.candidates, [result.bound]);
        return this.#error(result.failure).then((error) => this.#fail(error));
      },
      (err: unknown) => this.#fail(err),
    );
  }

  async #run(
    candidates: readonly AddrInfo[],
    ports: readonly number[],
    targets: readonly Target[],
  ): Promise<Binding> {
    const opts = this.#opts;
    // With one address, 'all' and 'first' agree on a fixed port: one attempt decides it, tried
    // here without a round of its own, since a range scan makes hundreds of them.
    const only = targets.length === 1 ? targets[0] : undefined;
    try {
      let last: Failure | undefined;
      for (let i = 0; i < ports.length; i++) {
        const port = ports[i] ?? 0;
        this.#cancel.check();
        let result: RoundResult;
        if (only !== undefined && port !== 0) {
          this.#rounds++;
          const tried = this.#tried(only, port, await openListener(this.#request(only, port)));
          result = tried.ok
            ? { ok: true, bound: [tried.bound] }
            : {
                ok: false,
                failure: tried.failure,
                next: !tried.skipped && NEXT_PORT_CODES.has(tried.failure.reason.code),
              };
        } else if (opts.strategy === 'all') result = await this.#bindAll(targets, port);
        else result = await this.#bindFirst(targets, port);
        if (result.ok) {
          if (this.#held.length > 0) await this.#releaseHeld();
          return this.#binding(candidates, result.bound);
        }
        last = result.failure;
        if (!result.next || i === ports.length - 1) break;
      }
      throw await this.#error(last);
    } catch (err) {
      return await this.#fail(err);
    }
  }

  /** The host without the resolver (a literal, or the default host seen before); else undefined. */
  #resolveLocal(): Resolved | undefined {
    const opts = this.#opts;
    const { items, single } = opts.ports;
    const first = items[0];
    if (!single || typeof first !== 'number') return undefined;
    if (opts.host === undefined) {
      if (opts.resolver !== undefined || opts.lookup !== undefined) return undefined;
      const known = defaultHostAnswers.get(defaultHostKey(opts, first));
      if (known === undefined) return undefined;
      return this.#single(known.slice());
    }
    const literal = literalCandidate(opts.host, first, opts);
    return literal === undefined ? undefined : this.#single(literal);
  }

  /** The candidates and the one port of a single-port option, checked against `exclude`. */
  #single(candidates: AddrInfo[]): Resolved {
    const opts = this.#opts;
    if (candidates.length === 0) throw this.#noAddress();
    const port = candidates[0]?.port ?? 0;
    if (port !== 0 && opts.exclude.has(port)) {
      throw new SockError({
        code: 'ERR_SOCK_INVALID_PORT',
        message: `The \`port\` option \`${opts.ports.label}\` is port ${port}, which the \`exclude\` option excludes.`,
      });
    }
    return { candidates, ports: [port] };
  }

  #noAddress(): BindError {
    const opts = this.#opts;
    return new BindError({
      code: 'ERR_SOCK_NO_ADDRESS',
      message: `bind failed: host \`${opts.host ?? 'localhost'}\` resolved to no ${opts.family === 0 ? '' : `IPv${opts.family} `}address.`,
      hint: 'Check the `host` and `family` options.',
      step: 'resolve',
      attempts: [],
    });
  }

  async #resolve(): Promise<Resolved> {
    const opts = this.#opts;
    const { items, single } = opts.ports;
    // The protocol implies the socket type; defaults are left out, as each key costs a check.
    const base: Mutable<ResolveHints> = { protocol: opts.protocol };
    if (opts.family !== 0) base.family = opts.family;
    if (this.#cancel.signal !== undefined) base.signal = this.#cancel.signal;
    const host = opts.host === undefined || opts.host === '*' ? null : opts.host;
    const first = items[0] ?? 0;
    // One named port goes to the resolver with the host, as getaddrinfo takes a service.
    const service = single ? (typeof first === 'number' ? first : first.service) : 0;
    let candidates: AddrInfo[];
    const literal = literalCandidate(host, service, opts);
    if (literal !== undefined) candidates = literal;
    else {
      const hints: Mutable<ResolveHints> = { ...base };
      if (opts.host === '*') hints.passive = true;
      if (opts.resolver !== undefined) hints.resolver = opts.resolver;
      if (opts.lookup !== undefined) hints.lookup = opts.lookup;
      try {
        candidates = await this.#cancel.race(resolve(host, service, hints));
      } catch (err) {
        throw this.#resolveError(err, host ?? opts.host ?? 'localhost');
      }
      // The default host's answer depends on nothing but these arguments: kept for next time.
      if (
        opts.host === undefined &&
        typeof service === 'number' &&
        opts.resolver === undefined &&
        opts.lookup === undefined
      ) {
        rememberDefaultHost(defaultHostKey(opts, service), candidates);
      }
    }
    if (single) return this.#single(candidates);
    if (candidates.length === 0) throw this.#noAddress();
    const ports: number[] = [];
    for (const item of items) {
      if (typeof item === 'number') ports.push(item);
      else {
        try {
          const found = await this.#cancel.race(resolve('127.0.0.1', item.service, base));
          const port = found[0]?.port;
          if (port !== undefined && (port === 0 || !opts.exclude.has(port))) ports.push(port);
        } catch (err) {
          throw this.#resolveError(err, item.service);
        }
      }
    }
    if (ports.length === 0) throw excludesEveryPort(opts.ports.label);
    return { candidates, ports: [...new Set(ports)] };
  }

  #resolveError(err: unknown, what: string): unknown {
    if (this.#cancel.aborted) return err;
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

  #targets(candidates: readonly AddrInfo[]): Target[] {
    const opts = this.#opts;
    // One candidate (an IP literal, a one-address host): nothing to deduplicate, and neither the
    // dual-stack split nor its clash check can apply without an address of the other family.
    const one = candidates.length === 1 ? candidates[0] : undefined;
    if (one !== undefined) {
      const address = listenAddress(one);
      if (one.family === 4) {
        if (opts.ipv6Only === true) throw this.#ipv6OnlyWithoutV6(address);
        return [{ family: 4, address, ipv6Only: undefined }];
      }
      return [{ family: one.family, address, ipv6Only: opts.ipv6Only }];
    }
    // Answers are short; a Set pays off only for long ones.
    const seen = candidates.length > 8 ? new Set<string>() : undefined;
    const unique: { family: 4 | 6; address: string }[] = [];
    let hasV4 = false;
    let hasV6 = false;
    let hasV6Wildcard = false;
    for (const c of candidates) {
      const address = listenAddress(c);
      if (seen !== undefined) {
        const key = `${c.family}|${address}`;
        if (seen.has(key)) continue;
        seen.add(key);
      } else if (unique.some((u) => u.family === c.family && u.address === address)) continue;
      unique.push({ family: c.family, address });
      if (c.family === 4) hasV4 = true;
      else {
        hasV6 = true;
        if (isWildcard(address)) hasV6Wildcard = true;
      }
    }
    if (opts.ipv6Only === true && !hasV6) {
      throw this.#ipv6OnlyWithoutV6(unique.map((u) => u.address).join(', '));
    }
    // A dual-stack `::` would hold the IPv4 port too, so the IPv4 addresses of the same set could
    // never bind: with both families to bind, `::` is made IPv6-only.
    const splitStack = opts.strategy === 'all' && hasV4;
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

  #ipv6OnlyWithoutV6(addresses: string): SockError {
    return new SockError({
      code: 'ERR_SOCK_INVALID_OPTION',
      message: `The \`ipv6Only\` option applies to IPv6 addresses, but host \`${this.#opts.host ?? 'localhost'}\` gave only ${addresses}; drop the option.`,
    });
  }

  #record(attempt: BindAttempt): void {
    this.#attempts.push(attempt);
    this.#opts.onAttempt?.(attempt);
  }

  /** Records a failed attempt; pending unless onAttempt wants to see it now. */
  #recordFailure(pending: PendingAttempt): void {
    if (this.#opts.onAttempt === undefined) this.#attempts.push(pending);
    else this.#record(pending.settle());
  }

  #try(target: Target, port: number): Promise<Tried> {
    return openListener(this.#request(target, port)).then((result) =>
      this.#tried(target, port, result),
    );
  }

  #request(target: Target, port: number): OpenRequest {
    const opts = this.#opts;
    return {
      protocol: opts.protocol,
      address: target.address,
      family: target.family,
      port,
      backlog: opts.backlog,
      ipv6Only: target.ipv6Only,
      exclusive: opts.exclusive,
      reuseAddr: opts.reuseAddr,
      reusePort: opts.reusePort,
    };
  }

  /** Records an attempt's outcome; throws when onAttempt throws or the call was cancelled. */
  #tried(target: Target, port: number, result: OpenResult): Tried {
    if (result.ok) {
      this.#open.push(result.handle);
      this.#record({
        address: target.address,
        family: target.family,
        port: result.port,
        outcome: 'bound',
      });
      this.#cancel.check();
      return { ok: true, bound: { target, handle: result.handle, port: result.port } };
    }
    const skipped = target.family === 6 && FAMILY_CODES.has(result.code);
    this.#recordFailure(
      new PendingAttempt(
        target.address,
        target.family,
        port,
        skipped ? 'skipped' : 'failed',
        result,
      ),
    );
    this.#cancel.check();
    return { ok: false, skipped, failure: { target, port, reason: result } };
  }

  async #release(bound: readonly Bound[]): Promise<void> {
    for (const b of bound) {
      this.#forget(b.handle);
      await closeHandle(b.handle);
      this.#record({
        address: b.target.address,
        family: b.target.family,
        port: b.port,
        outcome: 'released',
      });
    }
  }

  /** Keeps an ephemeral socket that landed on an excluded port open, and asks for another. */
  #hold(bound: Bound): boolean {
    if (!this.#opts.exclude.has(bound.port)) return false;
    this.#held.push(bound.handle);
    this.#record({
      address: bound.target.address,
      family: bound.target.family,
      port: bound.port,
      outcome: 'released',
    });
    return true;
  }

  /** Drops a handle from the ones closed on failure (a short list: one per address at most). */
  #forget(handle: Handle): void {
    const i = this.#open.indexOf(handle);
    if (i !== -1) this.#open.splice(i, 1);
  }

  async #releaseHeld(): Promise<void> {
    if (this.#held.length === 0) return;
    const held = this.#held.splice(0);
    for (const h of held) this.#forget(h);
    await Promise.all(held.map(closeHandle));
  }

  async #bindAll(targets: readonly Target[], requested: number): Promise<RoundResult> {
    for (;;) {
      this.#rounds++;
      const bound: Bound[] = [];
      let port = requested;
      let failure: Failure | undefined;
      let lastSkip: Failure | undefined;
      let again = false;
      for (const target of targets) {
        const result = await this.#try(target, port);
        if (result.ok) {
          if (port === 0 && this.#hold(result.bound)) {
            again = true;
            break;
          }
          bound.push(result.bound);
          port = result.bound.port;
        } else if (result.skipped) {
          lastSkip = result.failure;
        } else {
          failure = result.failure;
          break;
        }
      }
      const canRetry = this.#rounds < MAX_ROUNDS;
      if (again && canRetry) continue;
      if (failure === undefined && !again) {
        if (bound.length > 0) return { ok: true, bound };
        // Every address was skipped: nothing at all could bind.
        return { ok: false, failure: lastSkip ?? this.#noTarget(requested), next: false };
      }
      if (bound.length > 0) await this.#release(bound);
      if (failure === undefined)
        return { ok: false, failure: this.#excludedFailure(bound), next: false };
      // Another process took the port we chose between two binds: choose again.
      if (requested === 0 && bound.length > 0 && failure.reason.code === 'EADDRINUSE' && canRetry) {
        continue;
      }
      return { ok: false, failure, next: NEXT_PORT_CODES.has(failure.reason.code) };
    }
  }

  async #bindFirst(targets: readonly Target[], requested: number): Promise<RoundResult> {
    const failures: Failure[] = [];
    for (const target of targets) {
      for (;;) {
        this.#rounds++;
        const result = await this.#try(target, requested);
        if (result.ok) {
          if (requested === 0 && this.#hold(result.bound)) {
            if (this.#rounds < MAX_ROUNDS) continue;
            return { ok: false, failure: this.#excludedFailure([result.bound]), next: false };
          }
          return { ok: true, bound: [result.bound] };
        }
        failures.push(result.failure);
        break;
      }
    }
    const real = failures.find((f) => !(f.target.family === 6 && FAMILY_CODES.has(f.reason.code)));
    const failure = real ?? failures[0] ?? this.#noTarget(requested);
    const next =
      real !== undefined &&
      failures.every(
        (f) =>
          NEXT_PORT_CODES.has(f.reason.code) ||
          (f.target.family === 6 && FAMILY_CODES.has(f.reason.code)),
      );
    return { ok: false, failure, next };
  }

  #noTarget(port: number): Failure {
    return {
      target: { family: 4, address: this.#opts.host ?? 'localhost', ipv6Only: undefined },
      port,
      reason: OpenFailure.of(
        new SockError({ code: 'ERR_SOCK_NO_ADDRESS', message: 'No address to bind.' }),
        'resolve',
      ),
    };
  }

  #excludedFailure(bound: readonly Bound[]): Failure {
    const b = bound[0];
    return {
      target: b?.target ?? {
        family: 4,
        address: this.#opts.host ?? 'localhost',
        ipv6Only: undefined,
      },
      port: 0,
      reason: OpenFailure.of(
        new SockError({
          code: 'EADDRINUSE',
          message: `The kernel kept handing out ports of the \`exclude\` list (${MAX_ROUNDS} tries).`,
          hint: 'Shorten the `exclude` list or give a `port` range instead of 0.',
        }),
        'bind',
      ),
    };
  }

  async #error(failure: Failure | undefined): Promise<BindError> {
    const opts = this.#opts;
    const f = failure ?? this.#noTarget(0);
    // The bind failed: the error carries every attempt, so each gets its SockError now.
    const attempts = settleAttempts(this.#attempts);
    const failed = attempts.filter((a) => a.outcome !== 'bound' && a.outcome !== 'released');
    // Over a list or range, the most frequent code says what happened (EADDRINUSE: all taken).
    const counts = new Map<string, number>();
    for (const a of failed) {
      const code = a.error?.code;
      if (code !== undefined) counts.set(code, (counts.get(code) ?? 0) + 1);
    }
    let code = f.reason.code;
    let best = counts.get(code) ?? 0;
    for (const [c, n] of counts) if (n > best) [code, best] = [c, n];
    // The last attempt that failed with the prevailing code speaks for all of them.
    const latest = failed.findLast((a) => a.error?.code === code);
    const cause = latest?.error ?? f.reason.error;
    const last = latest ?? { address: f.target.address, port: f.port };
    const where = endpoint(last.address, opts.ports.single ? last.port : opts.ports.label);
    let hint = cause.hint;
    let holders: BindError['holders'];
    if (EXPLAINED.has(code)) {
      try {
        const explained = await explainBindError(cause, {
          address: last.address,
          port: last.port,
          protocol: opts.protocol,
        });
        hint = explained.hint ?? hint;
        if (code === 'EADDRINUSE' && explained.holders !== undefined) holders = explained.holders;
      } catch {
        // A diagnosis that fails must not hide the bind failure itself.
      }
    }
    const summary =
      counts.size > 1 || failed.length > 1
        ? ` (${failed.length} attempts: ${[...counts].map(([c, n]) => `${n} ${c}`).join(', ')})`
        : '';
    const step = latest?.step ?? f.reason.step;
    return new BindError({
      code,
      message: `bind failed with error: ${code} on ${where}${summary}${hint === undefined ? '' : `. ${hint}`}`,
      hint,
      cause,
      errno: cause.errno,
      uvErrno: cause.uvErrno,
      winsock: cause.winsock,
      syscall: cause.syscall,
      address: last.address,
      port: last.port,
      transient: cause.transient,
      step,
      attempts,
      holders,
    });
  }

  #binding(candidates: readonly AddrInfo[], bound: readonly Bound[]): Binding {
    const addresses: BoundAddress[] = bound.map((b) => ({
      family: b.target.family,
      address: b.target.address,
      port: b.port,
    }));
    const handles = bound.map((b) => b.handle);
    const records = this.#attempts;
    this.#open.length = 0;
    return new BindingImpl({
      protocol: this.#opts.protocol,
      addresses,
      servers: this.#opts.protocol === 'tcp' ? (handles as net.Server[]) : [],
      sockets: this.#opts.protocol === 'udp' ? (handles as dgram.Socket[]) : [],
      candidates,
      // Read by few callers: the pending attempts get their SockErrors on first read.
      attempts: () => settleAttempts(records),
    });
  }

  async #closeAll(): Promise<void> {
    const open = this.#open.splice(0);
    this.#held.length = 0;
    await Promise.all(open.map(closeHandle));
  }
}
