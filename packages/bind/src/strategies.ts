// The `strategy` option: every target on one port ('all') or the first that binds ('first').
import type { BindRun, Failure, Target } from './bind-run.js';
import { familyUnusable } from './bind-run.js';
import { bindSet, noTarget, tryNextPort, type PortResult } from './bind-set.js';
import { bindAnyPort } from './ephemeral.js';

/** Binds every target on `port`, all or nothing; for port 0, on one port free on all of them. */
export function bindAll(
  run: BindRun,
  targets: readonly Target[],
  port: number,
): Promise<PortResult> {
  return port === 0 ? bindAnyPort(run, targets) : bindSet(run, targets, port);
}

/** Binds the first target that binds on `port`, in the resolver's order. */
export async function bindFirst(
  run: BindRun,
  targets: readonly Target[],
  port: number,
): Promise<PortResult> {
  const failures: Failure[] = [];
  for (const target of targets) {
    const result = await bindAll(run, [target], port);
    if (result.ok) return result;
    failures.push(result.failure);
  }
  const real = failures.find((f) => !familyUnusable(f));
  const failure = real ?? failures[0] ?? noTarget(run, port);
  const next = real !== undefined && failures.every((f) => tryNextPort(f) || familyUnusable(f));
  return { ok: false, failure, next };
}
