// resolver.lookup with an injected lookup function against calling that function directly, in
// callback chains (no promise in the measured path), and the cost of lookups leaving a long queue.
import { performance } from 'node:perf_hooks';
import { createResolver, type LookupFunction } from '@sock/resolve';
import { report, type Row } from './harness.js';

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

/** The median of a list of numbers. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** µs per call of one awaited call after another, `count` times. */
async function awaitedChain(lookup: CallbackLookup, count: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    await new Promise((resolve) => lookup('app.test', {}, resolve));
  }
  return ((performance.now() - start) * 1000) / count;
}

/**
 * Many short rounds, the contenders taking turns in a rotating order within each round; each
 * round's figure is divided by the direct call's figure of the same round, and the medians are
 * printed. Load from other work on the machine then moves a round, not one contender's figure.
 */
async function compare(
  title: string,
  contenders: readonly [string, string, CallbackLookup][],
  measureOne: (lookup: CallbackLookup, count: number) => Promise<number>,
  count: number,
): Promise<void> {
  const rounds = 31;
  // Warm-up: every path compiled before anything is timed.
  for (const [, , lookup] of contenders) await measureOne(lookup, count * 2);
  const us = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
  const ratios = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const figures = new Map<string, number>();
    for (let i = 0; i < contenders.length; i++) {
      const [name, , lookup] = contenders[(round + i) % contenders.length]!;
      figures.set(name, await measureOne(lookup, count));
    }
    const base = figures.get('baseline')!;
    for (const [name, value] of figures) {
      us.get(name)!.push(value);
      ratios.get(name)!.push(value / base);
    }
  }
  const rows: Row[] = contenders.map(([name, note]) => {
    const r = ratios.get(name)!;
    const sorted = [...r].sort((a, b) => a - b);
    const q1 = sorted[Math.floor(sorted.length / 4)]!;
    const q3 = sorted[Math.floor((sorted.length * 3) / 4)]!;
    return {
      name,
      value: median(us.get(name)!),
      unit: 'µs/call',
      note: `${note}; costs ${median(r).toFixed(2)}x a direct call (median of ${rounds} rounds, middle half ${q1.toFixed(2)}x-${q3.toFixed(2)}x)`,
    };
  });
  report(title, rows, { baseline: 'baseline', higherIsBetter: false });
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
  await compare(
    'resolver.lookup with an injected lookup (sequential callbacks, medians of alternating rounds)',
    contenders,
    chain,
    100_000,
  );
  // The same three, each call awaited as a promise: how most callers (util.promisify, fetch's
  // connector, an async function) meet a lookup.
  await compare(
    'resolver.lookup with an injected lookup, each call awaited (medians of alternating rounds)',
    contenders,
    awaitedChain,
    20_000,
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
