import { addAbortListener } from 'node:events';

interface Group {
  readonly callbacks: Set<() => void>;
  listener: Disposable | undefined;
}

// One listener per signal, however many lookups share it: an AbortSignal's own listener list costs
// a walk of the whole list per addition, so 50,000 lookups with one signal would take seconds.
const groups = new WeakMap<AbortSignal, Group>();

/** Calls `callback` when `signal` aborts; the function returned stops that, in constant time. */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let group = groups.get(signal);
  if (group === undefined) {
    const created: Group = { callbacks: new Set(), listener: undefined };
    created.listener = addAbortListener(signal, () => {
      groups.delete(signal);
      created.listener = undefined;
      // Taken out first: each callback's own removal then finds nothing to delete.
      const callbacks = [...created.callbacks];
      created.callbacks.clear();
      for (const fn of callbacks) fn();
    });
    groups.set(signal, created);
    group = created;
  }
  const { callbacks } = group;
  const mine = group;
  callbacks.add(callback);
  return () => {
    if (!callbacks.delete(callback) || callbacks.size > 0) return;
    mine.listener?.[Symbol.dispose]();
    mine.listener = undefined;
    if (groups.get(signal) === mine) groups.delete(signal);
  };
}
