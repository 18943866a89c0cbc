// Injected lookup functions in Node's callback shape: a table for names the suite owns, and the
// faults a real resolver can show (throwing, hanging, answering twice, answering garbage).
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from '@sock/resolve';

type Callback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

function notFound(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
    code: 'ENOTFOUND',
    errno: -3008,
    syscall: 'getaddrinfo',
    hostname,
  });
}

/** Answers names from `table` on the next turn, ENOTFOUND for every other name. */
export function fakeLookup(table: Record<string, LookupAddress[]>): LookupFunction {
  return (hostname: string, options: { all?: boolean }, callback: Callback): void => {
    const found = Object.hasOwn(table, hostname) ? table[hostname] : undefined;
    setImmediate(() => {
      if (found === undefined) callback(notFound(hostname), []);
      else if (options.all === true) callback(null, found);
      else callback(null, found[0]!.address, found[0]!.family);
    });
  };
}

/** A fault a lookup function can show. */
export type LookupFault =
  | 'throws'
  | 'throws-string'
  | 'hangs'
  | 'answers-twice'
  | 'error-then-answer'
  | 'garbage'
  | 'empty'
  | 'not-an-ip'
  | 'sync-callback'
  | 'rejects'
  | 'resolves-garbage';

export const lookupFaults: readonly LookupFault[] = [
  'throws',
  'throws-string',
  'hangs',
  'answers-twice',
  'error-then-answer',
  'garbage',
  'empty',
  'not-an-ip',
  'sync-callback',
  'rejects',
  'resolves-garbage',
];

/** A lookup that shows `fault`; `hangs` never calls back (the caller's timeout or signal must act). */
export function faultyLookup(fault: LookupFault): LookupFunction {
  const loop: LookupAddress[] = [{ address: '127.0.0.1', family: 4 }];
  switch (fault) {
    case 'throws':
      return () => {
        throw new TypeError('lookup blew up');
      };
    case 'throws-string':
      return () => {
        throw 'a string, not an Error';
      };
    case 'hangs':
      return () => undefined;
    case 'answers-twice':
      return (_h: string, _o: unknown, cb: Callback) => {
        setImmediate(() => cb(null, loop));
        setImmediate(() => cb(null, [{ address: '::1', family: 6 }]));
      };
    case 'error-then-answer':
      return (h: string, _o: unknown, cb: Callback) => {
        setImmediate(() => cb(notFound(h), []));
        setImmediate(() => cb(null, loop));
      };
    case 'garbage':
      return (_h: string, _o: unknown, cb: Callback) => {
        setImmediate(() =>
          cb(null, [{ address: 42, family: 'seven' }] as unknown as LookupAddress[]),
        );
      };
    case 'empty':
      return (_h: string, _o: unknown, cb: Callback) => setImmediate(() => cb(null, []));
    case 'not-an-ip':
      return (_h: string, _o: unknown, cb: Callback) =>
        setImmediate(() => cb(null, [{ address: 'not an address', family: 4 }]));
    case 'sync-callback':
      return (h: string, _o: unknown, cb: Callback) => cb(notFound(h), []);
    case 'rejects':
      return () => Promise.reject(new RangeError('lookup rejected'));
    case 'resolves-garbage':
      return () => Promise.resolve('127.0.0.1' as unknown as LookupAddress[]);
  }
}
