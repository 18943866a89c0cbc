// resolver.lookup with an injected lookup function against calling that function directly, in
// callback chains (no promise in the measured path), and the cost of lookups leaving a long queue.
import { performance } from 'node:perf_hooks';
import { createResolver, type LookupFunction } from '@sock/resolve';
import { measure, report, type Row } from './harness.js';

type Callback = (err: unknown, address?: unknown, family?: number) => void;
type CallbackLookup = (hostname: string, options: object, callback: Callback) => void;

// Answers as dns.lookup does, on the next tick: what a fast injected lookup (a cache, a table) does.
const direct: CallbackLookup = (_hostname, options, callback) => {
  if ((options as { all?: boolean }).all === true) {
    process.nextTick(callback, null, [{ address: '127.0.0.1', family: 4 }]);
  } else process.nextTick(callback, null, '127.0.0.1', 4);
};

/** µs per call over `count` calls made one after another, each from the previous one's callback. */
function chain(lookup: CallbackLookup, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let left = count;
    const start = performance.now();
    const next: Callback = (err) => {
      if (err !== null && err !== undefined) {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passed on as given.
        reject(err);
        return;
      }
      if (--left === 0) resolve(((performance.now() - start) * 1000) / count);
      else lookup('app.test', {}, next);
    };
    lookup('app.test', {}, next);
  });
}

export async function lookupCost(): Promise<void> {
  const fn = direct as unknown as LookupFunction;
  const contenders: [string, string, CallbackLookup][] = [
    ['baseline', 'the injected function, called directly', direct],
    [
      'cache hit',
      'resolver.lookup, cacheTtl 60 s',
      createResolver({ lookup: fn, cacheTtl: 60_000 }).lookup,
    ],
    [
      'cache miss',
      'resolver.lookup, no cache: every call reaches the function',
      createResolver({ lookup: fn }).lookup,
    ],
  ];
  const count = 200_000;
  const best = new Map<string, number>();
  for (let round = 0; round < 5; round++) {
    for (const [name, , lookup] of contenders) {
      const us = await chain(lookup, count);
      if (round > 0) best.set(name, Math.min(best.get(name) ?? Infinity, us));
    }
  }
  const base = best.get('baseline')!;
  const rows: Row[] = contenders.map(([name, note]) => ({
    name,
    value: best.get(name)!,
    unit: 'µs/call',
    note: `${note}; costs ${(best.get(name)! / base).toFixed(2)}x a direct call`,
  }));
  report('resolver.lookup with an injected lookup (sequential callbacks, best of 4 rounds)', rows, {
    baseline: 'baseline',
    higherIsBetter: false,
  });

  // The same three, each call awaited as a promise: how most callers (util.promisify, fetch's
  // connector, an async function) meet a lookup.
  const awaited = new Map<string, number>();
  for (let round = 0; round < 5; round++) {
    for (const [name, , lookup] of contenders) {
      const call = (): Promise<unknown> =>
        new Promise((resolve) => lookup('app.test', {}, resolve));
      const m = await measure(call, { operations: 100_000, warmup: 20_000 });
      if (round > 0) awaited.set(name, Math.min(awaited.get(name) ?? Infinity, m.meanUs));
    }
  }
  const awaitedBase = awaited.get('baseline')!;
  report(
    'resolver.lookup with an injected lookup, each call awaited (best of 4 rounds)',
    contenders.map(([name, note]) => ({
      name,
      value: awaited.get(name)!,
      unit: 'µs/call',
      note: `${note}; costs ${(awaited.get(name)! / awaitedBase).toFixed(2)}x a direct call`,
    })),
    { baseline: 'baseline', higherIsBetter: false },
  );
}

/** 50,000 queued lookups leave: by timeout, and by one shared AbortSignal, against bare promises. */
export async function departures(): Promise<void> {
  const n = 50_000;
  const hold: LookupFunction = () => undefined;
  const make = () =>
    createResolver({ lookup: hold, threadpool: true, maxConcurrency: 1, maxQueued: n + 1 });

  // Baseline: the same number of promises rejected at once, the least any departure costs.
  let start = performance.now();
  const rejecters: ((e: Error) => void)[] = [];
  const bare = Array.from({ length: n }, () =>
    new Promise<void>((_, reject) => rejecters.push(reject)).catch(() => undefined),
  );
  const reason = new Error('gone');
  start = performance.now();
  for (const reject of rejecters) reject(reason);
  const bareMs = performance.now() - start;
  await Promise.all(bare);

  const viaSignal = make();
  void viaSignal.resolve('busy.test', 80).catch(() => undefined);
  const controller = new AbortController();
  const queued = Array.from({ length: n }, (_, i) =>
    viaSignal.resolve(`q${i}.test`, 80, { signal: controller.signal }).catch(() => undefined),
  );
  start = performance.now();
  controller.abort();
  const abortMs = performance.now() - start;
  await Promise.all(queued);

  const rows: Row[] = [
    { name: 'baseline', value: bareMs, unit: 'ms', note: `${n} bare promises rejected` },
    {
      name: 'abort',
      value: abortMs,
      unit: 'ms',
      note: `${n} queued lookups leave on one AbortSignal (the event loop is held this long)`,
    },
  ];
  report(`${n.toLocaleString('en-US')} queued lookups leaving the queue`, rows, {
    baseline: 'baseline',
    higherIsBetter: false,
  });
}
