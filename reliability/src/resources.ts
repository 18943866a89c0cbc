// What a process holds: open descriptors and libuv's active handles and requests. A section
// snapshots both before its loop and checks them after, once pending close callbacks have run.
import { readdirSync } from 'node:fs';

/** Descriptors this process has open now (Linux: /proc/self/fd). */
export function fdCount(): number {
  // readdirSync opens one descriptor of its own while it reads; it is in the list every time.
  return readdirSync('/proc/self/fd').length;
}

/** Active libuv resources by type (`TCPServerWrap: 2`), timers included. */
export function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo())
    counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** The descriptors and resources at one moment. */
export interface Snapshot {
  readonly fds: number;
  readonly resources: Map<string, number>;
}

export function snapshot(): Snapshot {
  return { fds: fdCount(), resources: activeResources() };
}

/** What `after` holds beyond `before`: `fds +2`, `TCPServerWrap +1`; empty when nothing. */
export function leftBehind(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  if (after.fds > before.fds) out.push(`fds +${after.fds - before.fds}`);
  for (const [type, n] of after.resources) {
    const was = before.resources.get(type) ?? 0;
    if (n > was) out.push(`${type} +${n - was}`);
  }
  return out;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Lets close callbacks and finished requests run, turn by turn, until nothing is left beyond
 * `before` or 200 turns have passed; returns what is still left behind.
 */
export async function settle(before: Snapshot): Promise<string[]> {
  let left: string[] = [];
  for (let i = 0; i < 200; i++) {
    await turn();
    left = leftBehind(before, snapshot());
    if (left.length === 0) return left;
  }
  return left;
}
