import type * as dgram from 'node:dgram';
import type * as net from 'node:net';
import type { AddrInfo } from '@sock/resolve';
import { createBinding, type Binding } from './binding.js';
import type { BindAttempt, BoundAddress } from './types.js';
import { PendingAttempt, settleAttempts, type AttemptRecord } from './internal/attempts.js';
import type { Cancellation } from './internal/cancel.js';
import {
  closeHandle,
  openListener,
  type OpenFailure,
  type OpenRequest,
  type OpenResult,
} from './internal/listen.js';
import type { NormalizedOptions } from './internal/validate.js';

/** A listening TCP server or a bound UDP socket. */
export type Handle = net.Server | dgram.Socket;

/** One address to bind, from the resolver's candidates. */
export interface Target {
  readonly family: 4 | 6;
  /** As given to listen(): with `%zone` for scoped IPv6. */
  readonly address: string;
  readonly ipv6Only: boolean | undefined;
}

/** A target that bound. */
export interface Bound {
  readonly target: Target;
  readonly handle: Handle;
  readonly port: number;
}

/** A target that did not bind, and why. */
export interface Failure {
  readonly target: Target;
  readonly port: number;
  /** Its code at once; its SockError built when read. */
  readonly reason: OpenFailure;
  /** True when its SockError already says all there is to say (no diagnosis of one port). */
  readonly conclusive?: boolean;
}

/** The outcome of one attempt. `skipped`: its family is unusable on this host. */
export type Tried =
  | { readonly ok: true; readonly bound: Bound }
  | { readonly ok: false; readonly failure: Failure; readonly skipped: boolean };

// An IPv6 address failing with these means this host cannot use IPv6 (disabled, no ::1 in a
// container): 'all' goes on without it (docker/for-linux#1374, tornadoweb/tornado#2274).
const FAMILY_CODES: ReadonlySet<string> = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT']);

/** True when `failure` only says that this host cannot use the target's address family. */
export const familyUnusable = (failure: Failure): boolean =>
  failure.target.family === 6 && FAMILY_CODES.has(failure.reason.code);

/**
 * The state of one bind() call: its options, its cancellation, the attempts so far and every
 * socket it opened, so that any failure closes them all.
 */
export class BindRun {
  readonly opts: NormalizedOptions;
  readonly cancel: Cancellation;
  /** Failed attempts stay pending (no SockError yet) until someone reads them. */
  readonly #attempts: AttemptRecord[] = [];
  /** Everything open right now, closed on any failure. */
  readonly #open: Handle[] = [];
  /** Sockets on excluded ports, kept open so the kernel hands out another; closed at the end. */
  readonly #held: Handle[] = [];
  /** Targets whose address family this host cannot use (see familyUnusable()). */
  readonly unusable: Set<Target> = new Set();

  constructor(opts: NormalizedOptions, cancel: Cancellation) {
    this.opts = opts;
    this.cancel = cancel;
  }

  /** Opens a socket on `target` and `port` and records the outcome. */
  async try(target: Target, port: number): Promise<Tried> {
    return this.#tried(target, port, await openListener(this.#request(target, port)));
  }

  #request(target: Target, port: number): OpenRequest {
    const opts = this.opts;
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
      this.cancel.check();
      return { ok: true, bound: { target, handle: result.handle, port: result.port } };
    }
    const failure: Failure = { target, port, reason: result };
    const skipped = familyUnusable(failure);
    if (skipped) this.unusable.add(target);
    this.#recordFailure(
      new PendingAttempt(
        target.address,
        target.family,
        port,
        skipped ? 'skipped' : 'failed',
        result,
      ),
    );
    this.cancel.check();
    return { ok: false, skipped, failure };
  }

  #record(attempt: BindAttempt): void {
    this.#attempts.push(attempt);
    this.opts.onAttempt?.(attempt);
  }

  /** Records a failed attempt; pending unless onAttempt wants to see it now. */
  #recordFailure(pending: PendingAttempt): void {
    if (this.opts.onAttempt === undefined) this.#attempts.push(pending);
    else this.#record(pending.settle());
  }

  /** Every attempt so far, each with its SockError. */
  attempts(): BindAttempt[] {
    return settleAttempts(this.#attempts);
  }

  /** Closes sockets that bound, because another address of the same set failed. */
  async release(bound: readonly Bound[]): Promise<void> {
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

  /** Keeps an ephemeral socket that landed on an excluded port open, so the kernel picks another. */
  hold(bound: Bound): void {
    this.#held.push(bound.handle);
    this.#record({
      address: bound.target.address,
      family: bound.target.family,
      port: bound.port,
      outcome: 'released',
    });
  }

  /** Closes the sockets kept on excluded ports. */
  async releaseHeld(): Promise<void> {
    if (this.#held.length === 0) return;
    const held = this.#held.splice(0);
    for (const h of held) this.#forget(h);
    await Promise.all(held.map(closeHandle));
  }

  /** Drops a handle from the ones closed on failure (a short list: one per address at most). */
  #forget(handle: Handle): void {
    const i = this.#open.indexOf(handle);
    if (i !== -1) this.#open.splice(i, 1);
  }

  /** Closes everything opened, then rejects with `err`, or the abort reason once aborted. */
  async fail(err: unknown): Promise<never> {
    const open = this.#open.splice(0);
    this.#held.length = 0;
    await Promise.all(open.map(closeHandle));
    if (this.cancel.aborted) throw this.cancel.signal?.reason;
    throw err;
  }

  /** Hands the bound sockets over to a Binding; nothing is closed on failure after this. */
  async binding(candidates: readonly AddrInfo[], bound: readonly Bound[]): Promise<Binding> {
    await this.releaseHeld();
    const addresses: BoundAddress[] = bound.map((b) => ({
      family: b.target.family,
      address: b.target.address,
      port: b.port,
    }));
    const handles = bound.map((b) => b.handle);
    const records = this.#attempts;
    this.#open.length = 0;
    return createBinding({
      protocol: this.opts.protocol,
      addresses,
      servers: this.opts.protocol === 'tcp' ? (handles as net.Server[]) : [],
      sockets: this.opts.protocol === 'udp' ? (handles as dgram.Socket[]) : [],
      candidates,
      // Read by few callers: the pending attempts get their SockErrors on first read.
      attempts: () => settleAttempts(records),
    });
  }
}
