// The two moves every strategy is made of: one port on a set of addresses, all or nothing, and
// the kernel's choice of a port for one address.
import { SockError } from '@sock/errors';
import type { BindRun, Bound, Failure, Target, Tried } from './bind-run.js';
import { OpenFailure } from './internal/listen.js';

/** What one port gave: the bound sockets, or the failure that speaks for the port. */
export type PortResult =
  | { readonly ok: true; readonly bound: readonly Bound[] }
  | {
      readonly ok: false;
      readonly failure: Failure;
      /** True when the next port of a list or range is worth trying. */
      readonly next: boolean;
    };

// Codes after which the next port of a list or range is worth trying.
const NEXT_PORT_CODES: ReadonlySet<string> = new Set(['EADDRINUSE', 'EACCES']);

/** True when a failure with this code leaves the next port of a list or range worth trying. */
export const tryNextPort = (failure: Failure): boolean => NEXT_PORT_CODES.has(failure.reason.code);

/**
 * Binds every target on `port` (not 0), in order, all or nothing: on the first failure the ones
 * that bound are closed. Targets whose address family this host lacks are skipped.
 */
export async function bindSet(
  run: BindRun,
  targets: readonly Target[],
  port: number,
): Promise<PortResult> {
  const bound: Bound[] = [];
  let lastSkip: Failure | undefined;
  for (const target of targets) {
    const result = await run.try(target, port);
    if (result.ok) bound.push(result.bound);
    else if (result.skipped) lastSkip = result.failure;
    else {
      if (bound.length > 0) await run.release(bound);
      return { ok: false, failure: result.failure, next: tryNextPort(result.failure) };
    }
  }
  if (bound.length > 0) return { ok: true, bound };
  // Every address was skipped: nothing at all could bind.
  return { ok: false, failure: lastSkip ?? noTarget(run, port), next: false };
}

// Excluded ports the kernel's choice may land on before bind() walks the range itself: each is
// kept open meanwhile, so that the kernel chooses another.
const MAX_HELD = 16;

/**
 * Lets the kernel choose a port for `target`. A port of the `exclude` list is kept open and the
 * kernel asked again; undefined once it has chosen excluded ports MAX_HELD times.
 */
export async function kernelPick(run: BindRun, target: Target): Promise<Tried | undefined> {
  for (let held = 0; ; held++) {
    const result = await run.try(target, 0);
    if (!result.ok || !run.opts.exclude.has(result.bound.port)) return result;
    if (held === MAX_HELD) {
      await run.release([result.bound]);
      return undefined;
    }
    run.hold(result.bound);
  }
}

/** The failure of a set with no address left to bind. */
export function noTarget(run: BindRun, port: number): Failure {
  return {
    target: { family: 4, address: run.opts.host ?? 'localhost', ipv6Only: undefined },
    port,
    reason: OpenFailure.of(
      new SockError({ code: 'ERR_SOCK_NO_ADDRESS', message: 'No address to bind.' }),
      'resolve',
    ),
  };
}
