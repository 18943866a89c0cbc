// A stand-in for dns.lookup: every name but localhost and IP literals goes through one in tests.
import type { LookupAddress } from 'node:dns';

/** What the fake answers for a name: addresses, an error, `'hold'` until release(), or never. */
export type FakeAnswer = readonly LookupAddress[] | Error | 'hold' | 'hang';

/** dns.lookup's callback, in both of its shapes (`all: true` or one address). */
export type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** One call the fake received. */
export interface LookupCall {
  readonly hostname: string;
  readonly family: number | undefined;
  readonly all: boolean;
}

/**
 * A lookup function in dns.lookup's shape (what `lookup` options of sock and of Node take) that
 * records its calls. `fn` is the function itself, for code that passes `fake.fn`.
 */
export interface FakeLookup {
  (
    hostname: string,
    options: { readonly family?: number; readonly all?: boolean },
    callback: LookupCallback,
  ): void;
  readonly fn: FakeLookup;
  readonly calls: LookupCall[];
  /** Answers every lookup held by a `'hold'` entry (with 127.0.0.9, or with `addresses`). */
  release(addresses?: readonly LookupAddress[]): void;
}

/** An error shaped like the one dns.lookup gives for an unknown name. */
export function notFound(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
    code: 'ENOTFOUND',
    errno: -3008,
    syscall: 'getaddrinfo',
    hostname,
  });
}

/** ::1 then 127.0.0.1: the two-address answer localhost gives on many machines. */
export const bothLoopbacks: readonly LookupAddress[] = [
  { address: '::1', family: 6 },
  { address: '127.0.0.1', family: 4 },
];

function answer(
  found: FakeAnswer,
  hostname: string,
  options: { readonly family?: number; readonly all?: boolean },
  callback: LookupCallback,
): void {
  if (found instanceof Error) {
    callback(found, options.all === true ? [] : '');
    return;
  }
  const family = options.family ?? 0;
  const list = (found as readonly LookupAddress[]).filter(
    (a) => family === 0 || a.family === family,
  );
  if (options.all === true) callback(null, list);
  else if (list[0] === undefined) callback(notFound(hostname), '');
  else callback(null, list[0].address, list[0].family);
}

/**
 * A fake lookup answering from `table` (a name to its answer; an array answers every name) after
 * `delayMs` (0: on the next turn of the event loop). Names the table lacks fail with ENOTFOUND.
 * @example const lookup = fakeLookup({ 'db.test': [{ address: '127.0.0.1', family: 4 }] });
 */
export function fakeLookup(
  table: Readonly<Record<string, FakeAnswer>> | readonly LookupAddress[],
  delayMs = 0,
): FakeLookup {
  const calls: LookupCall[] = [];
  const held: ((addresses?: readonly LookupAddress[]) => void)[] = [];
  const fake = ((hostname, options, callback) => {
    calls.push({ hostname, family: options.family, all: options.all === true });
    const found: FakeAnswer = Array.isArray(table)
      ? (table as readonly LookupAddress[])
      : Object.hasOwn(table, hostname)
        ? (table as Readonly<Record<string, FakeAnswer>>)[hostname]!
        : notFound(hostname);
    if (found === 'hang') return;
    if (found === 'hold') {
      held.push((addresses = [{ address: '127.0.0.9', family: 4 }]) =>
        answer(addresses, hostname, options, callback),
      );
      return;
    }
    const reply = (): void => answer(found, hostname, options, callback);
    if (delayMs > 0) setTimeout(reply, delayMs);
    else setImmediate(reply);
  }) as FakeLookup;
  return Object.assign(fake, {
    fn: fake,
    calls,
    release: (addresses?: readonly LookupAddress[]) => {
      for (const reply of held.splice(0)) reply(addresses);
    },
  });
}
