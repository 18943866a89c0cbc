// Step 2 of bind(), over the ports: each port of a list or range in turn, until one binds.
import type { BindRun, Bound, Failure, Target } from './bind-run.js';
import { noTarget, type PortResult } from './bind-set.js';
import { bindAll, bindFirst } from './strategies.js';

/** The sockets bound, or the failure that speaks for the last port tried. */
export type SearchResult =
  | { readonly ok: true; readonly bound: readonly Bound[] }
  | { readonly ok: false; readonly failure: Failure };

/** Tries `ports` in order with the run's strategy; stops at the first that binds. */
export async function bindPorts(
  run: BindRun,
  targets: readonly Target[],
  ports: readonly number[],
): Promise<SearchResult> {
  let last: Failure | undefined;
  for (const port of ports) {
    run.cancel.check();
    const result: PortResult =
      run.opts.strategy === 'all'
        ? await bindAll(run, targets, port)
        : await bindFirst(run, targets, port);
    if (result.ok) return result;
    last = result.failure;
    if (!result.next) break;
  }
  return { ok: false, failure: last ?? noTarget(run, 0) };
}
