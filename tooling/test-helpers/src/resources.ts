// Leak checks: what a call leaves open, in file descriptors and in what keeps the event loop alive.
import { readdirSync } from 'node:fs';

/** Open file descriptors of this process, or -1 where /proc is missing (macOS, Windows). */
export function fdCount(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return -1;
  }
}

/** What keeps the event loop alive (`process.getActiveResourcesInfo()`), sorted. */
export function activeResources(): string[] {
  return process.getActiveResourcesInfo().sort();
}

/**
 * Resources in `after` that were not in `before`, counted by type: what a call left behind. Ones
 * that went away meanwhile (a timer of the test runner) do not count.
 */
export function leftBehind(before: readonly string[], after: readonly string[]): string[] {
  const pool = [...before];
  return after.filter((resource) => {
    const index = pool.indexOf(resource);
    if (index === -1) return true;
    pool.splice(index, 1);
    return false;
  });
}

/**
 * Lets pending callbacks run: `turns` rounds of the event loop, each one past its poll and close
 * phases (a socket's close callback runs by the end of the round that closed it). No timers.
 */
export async function settle(turns = 2): Promise<void> {
  for (let i = 0; i < turns; i += 1) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** File descriptors and event-loop resources at one moment. */
export interface ResourceSnapshot {
  readonly fds: number;
  readonly resources: readonly string[];
}

/** The process's open descriptors and event-loop resources now, to compare with later. */
export function resourceSnapshot(): ResourceSnapshot {
  return { fds: fdCount(), resources: activeResources() };
}

/** What is open now that was not in `before`; empty lists when nothing leaked. */
export interface Leaks {
  /** Descriptors opened since `before` (0 where /proc is missing). */
  readonly fds: number;
  readonly resources: readonly string[];
}

/** What was opened since `before` and is still open. */
export function leaksSince(before: ResourceSnapshot): Leaks {
  const now = resourceSnapshot();
  return {
    fds: before.fds < 0 || now.fds < 0 ? 0 : Math.max(0, now.fds - before.fds),
    resources: leftBehind(before.resources, now.resources),
  };
}

/**
 * Fails unless everything opened since `before` is closed. Close callbacks get up to `turns`
 * event-loop rounds to run (no sleeps); the error lists what is still open.
 * @example const before = resourceSnapshot(); await run(); await expectNoLeaks(before);
 */
export async function expectNoLeaks(before: ResourceSnapshot, turns = 50): Promise<void> {
  let leaks = leaksSince(before);
  for (let i = 0; i < turns && (leaks.fds > 0 || leaks.resources.length > 0); i += 1) {
    await settle(1);
    leaks = leaksSince(before);
  }
  if (leaks.fds > 0 || leaks.resources.length > 0) {
    throw new Error(
      `left open: ${leaks.fds} file descriptor(s), resources [${leaks.resources.join(', ')}]`,
    );
  }
}
