// Port 0 on several addresses: one port free on every one of them, whenever one exists.
//
// The kernel chooses a port free on the address it is asked about, not on the others. So the
// address most likely to refuse (the most crowded) chooses, and the others follow: first in the
// resolver's order; when a follower refuses, it is the more crowded one and chooses next. Once
// every address has chosen once (or the kernel keeps choosing excluded ports), bind() walks the
// ephemeral range itself from a random offset, asking the most crowded address first, until a
// port binds on all of them or the range is exhausted. No fixed number of blind retries.
import { SockError } from '@sock/errors';
import { familyUnusable, type BindRun, type Failure, type Target } from './bind-run.js';
import { crypto } from './internal/builtins.js';
import { bindSet, kernelPick, noTarget, tryNextPort, type PortResult } from './bind-set.js';
import { ephemeralPorts, type PortRange } from './internal/ephemeral-range.js';
import { OpenFailure } from './internal/listen.js';

// Addresses that lately refused a port the kernel chose for another one: the next bind lets them
// choose first. An order hint only: a stale entry costs one attempt, never a wrong result.
const crowded = new Set<string>();
const MAX_CROWDED = 64;

function rememberCrowded(address: string): void {
  if (crowded.size >= MAX_CROWDED) crowded.clear();
  crowded.add(address);
}

/** Binds every target on one ephemeral port. */
export async function bindAnyPort(run: BindRun, targets: readonly Target[]): Promise<PortResult> {
  let order =
    targets.length > 1 && crowded.size > 0
      ? [
          ...targets.filter((t) => crowded.has(t.address)),
          ...targets.filter((t) => !crowded.has(t.address)),
        ]
      : [...targets];
  const chose = new Set<Target>();
  let lastSkip: Failure | undefined;
  for (;;) {
    const chooser = order[0];
    if (chooser === undefined) {
      return { ok: false, failure: lastSkip ?? noTarget(run, 0), next: false };
    }
    if (chose.has(chooser)) break;
    chose.add(chooser);
    const picked = await kernelPick(run, chooser);
    if (picked === undefined) break;
    if (!picked.ok) {
      if (picked.skipped) {
        lastSkip = picked.failure;
        order = order.slice(1);
        continue;
      }
      // No ephemeral port is free on this address at all.
      if (picked.failure.reason.code === 'EADDRINUSE') return exhausted(run, [chooser]);
      return { ok: false, failure: picked.failure, next: tryNextPort(picked.failure) };
    }
    // One address: the kernel's choice is the answer.
    if (order.length === 1) return { ok: true, bound: [picked.bound] };
    const rest = await bindSet(run, order.slice(1), picked.bound.port);
    if (rest.ok) return { ok: true, bound: [picked.bound, ...rest.bound] };
    if (rest.failure.reason.code === 'ERR_SOCK_NO_ADDRESS' || familyUnusable(rest.failure)) {
      // No other address, or every other one was skipped: the chooser alone is the set.
      return { ok: true, bound: [picked.bound] };
    }
    await run.release([picked.bound]);
    if (rest.failure.reason.code !== 'EADDRINUSE') return rest;
    rememberCrowded(rest.failure.target.address);
    order = crowdedFirst(order, rest.failure.target);
  }
  return walkRange(
    run,
    order.filter((target) => !run.unusable.has(target)),
  );
}

const crowdedFirst = (order: readonly Target[], crowded: Target): Target[] => [
  crowded,
  ...order.filter((target) => target !== crowded),
];

/** Tries the ports of the ephemeral range in turn, from a random offset, on every target. */
async function walkRange(run: BindRun, targets: readonly Target[]): Promise<PortResult> {
  if (targets.length === 0) return { ok: false, failure: noTarget(run, 0), next: false };
  const { range, reserved } = ephemeralPorts();
  const size = range.to - range.from + 1;
  const offset = crypto().randomInt(size);
  let order = [...targets];
  for (let i = 0; i < size; i++) {
    const port = range.from + ((offset + i) % size);
    if (reserved.has(port) || run.opts.exclude.has(port)) continue;
    const result = await bindSet(run, order, port);
    if (result.ok) return result;
    if (!tryNextPort(result.failure)) return result;
    if (result.failure.target !== order[0]) order = crowdedFirst(order, result.failure.target);
  }
  return exhausted(run, targets, range);
}

/** The failure when no port of the ephemeral range is free on every target. */
function exhausted(
  run: BindRun,
  targets: readonly Target[],
  range: PortRange = ephemeralPorts().range,
): PortResult {
  const addresses = targets.map((target) => target.address).join(', ');
  const several = targets.length > 1;
  const where = several ? `free on every address to bind (${addresses})` : `free on ${addresses}`;
  const linux = process.platform === 'linux';
  const widen = linux ? ' or widen the range (`sysctl net.ipv4.ip_local_port_range`)' : '';
  const error = new SockError({
    code: 'EADDRINUSE',
    message: `No port of the ephemeral range ${range.from}-${range.to} is ${where}.`,
    hint: `Close some of the sockets that hold them${several ? ", bind fewer addresses (one `host`, or `strategy: 'first'`)" : ''}${widen}, or give a \`port\` range outside it.`,
  });
  const target = targets[0] ?? { family: 4 as const, address: 'localhost', ipv6Only: undefined };
  return {
    ok: false,
    failure: { target, port: 0, reason: OpenFailure.of(error, 'bind'), conclusive: true },
    next: true,
  };
}
