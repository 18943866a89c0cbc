// Step 2 of bind(): binding every target on one port ('all') or the first that binds ('first').
import { SockError } from '@sock/errors';
import { familyUnusable, type BindRun, type Bound, type Failure, type Target } from './bind-run.js';
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

// How often a set bound on port 0 is retried when another process takes the chosen port on a
// later address, or when the kernel hands out an excluded port.
const MAX_ROUNDS = 20;

/** Binds every target on `requested`, all or nothing; for port 0, one port free on all of them. */
export async function bindAll(
  run: BindRun,
  targets: readonly Target[],
  requested: number,
): Promise<PortResult> {
  for (let round = 1; ; round++) {
    const bound: Bound[] = [];
    let port = requested;
    let failure: Failure | undefined;
    let lastSkip: Failure | undefined;
    let again = false;
    for (const target of targets) {
      const result = await run.try(target, port);
      if (result.ok) {
        if (port === 0 && run.hold(result.bound)) {
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
    const canRetry = round < MAX_ROUNDS;
    if (again && canRetry) continue;
    if (failure === undefined && !again) {
      if (bound.length > 0) return { ok: true, bound };
      // Every address was skipped: nothing at all could bind.
      return { ok: false, failure: lastSkip ?? noTarget(run, requested), next: false };
    }
    if (bound.length > 0) await run.release(bound);
    if (failure === undefined) {
      return { ok: false, failure: excludedFailure(run, bound), next: false };
    }
    // Another process took the port we chose between two binds: choose again.
    if (requested === 0 && bound.length > 0 && failure.reason.code === 'EADDRINUSE' && canRetry) {
      continue;
    }
    return { ok: false, failure, next: tryNextPort(failure) };
  }
}

/** Binds the first target that binds on `requested`, in the resolver's order. */
export async function bindFirst(
  run: BindRun,
  targets: readonly Target[],
  requested: number,
): Promise<PortResult> {
  const failures: Failure[] = [];
  for (const target of targets) {
    for (let round = 1; ; round++) {
      const result = await run.try(target, requested);
      if (result.ok) {
        if (requested === 0 && run.hold(result.bound)) {
          if (round < MAX_ROUNDS) continue;
          return { ok: false, failure: excludedFailure(run, [result.bound]), next: false };
        }
        return { ok: true, bound: [result.bound] };
      }
      failures.push(result.failure);
      break;
    }
  }
  const real = failures.find((f) => !familyUnusable(f));
  const failure = real ?? failures[0] ?? noTarget(run, requested);
  const next = real !== undefined && failures.every((f) => tryNextPort(f) || familyUnusable(f));
  return { ok: false, failure, next };
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

function excludedFailure(run: BindRun, bound: readonly Bound[]): Failure {
  const b = bound[0];
  return {
    target: b?.target ?? {
      family: 4,
      address: run.opts.host ?? 'localhost',
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
