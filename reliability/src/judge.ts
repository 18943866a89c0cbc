// Calls an entry point with one input and sorts what happened: a value, a SockError, anything
// else thrown (a crash: TypeError, RangeError, a string...), or no answer within the time limit.
import { inspect } from 'node:util';
import { isSockError } from '@sock/errors';

export type Outcome = 'value' | 'sock-error' | 'foreign' | 'hang';

/** Counts per outcome and the first few bad inputs, per entry point. */
export class Tally {
  readonly counts: Record<Outcome, number> = { value: 0, 'sock-error': 0, foreign: 0, hang: 0 };
  readonly examples: string[] = [];

  constructor(readonly name: string) {}

  get cases(): number {
    return this.counts.value + this.counts['sock-error'] + this.counts.foreign + this.counts.hang;
  }

  get bad(): number {
    return this.counts.foreign + this.counts.hang;
  }

  note(outcome: Outcome, input: unknown, what: unknown): void {
    this.counts[outcome]++;
    if ((outcome === 'foreign' || outcome === 'hang') && this.examples.length < 3) {
      this.examples.push(`${this.name}(${show(input)}) -> ${outcome}: ${show(what)}`);
    }
  }
}

/** A one-line rendering of any value for a report, cut at 160 characters. */
export function show(value: unknown): string {
  let text: string;
  try {
    if (value instanceof Error)
      return `${value.name}: ${value.message}`.split('\n')[0]!.slice(0, 160);
    text = inspect(value, {
      depth: 2,
      breakLength: Infinity,
      maxArrayLength: 5,
      maxStringLength: 60,
    });
  } catch {
    text = '<unprintable>';
  }
  text = text.replace(/\s*\n\s*/g, ' ');
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

const hangLimit = 5_000;

/**
 * Runs `call` and records the outcome in `tally`. A promise is awaited for at most 5 s. `check`
 * may turn a returned value into a failure (a toSockError() that returns a non-SockError) and
 * releases what it opened (a Binding).
 */
export async function judge(
  tally: Tally,
  input: unknown,
  call: () => unknown,
  check?: (value: unknown) => Promise<string | undefined> | string | undefined,
): Promise<void> {
  let value: unknown;
  try {
    value = call();
    if (value instanceof Promise) {
      let timer: NodeJS.Timeout | undefined;
      const hang = Symbol('hang');
      value = await Promise.race([
        value,
        new Promise((resolve) => {
          timer = setTimeout(resolve, hangLimit, hang);
        }),
      ]).finally(() => clearTimeout(timer));
      if (value === hang) {
        tally.note('hang', input, `no answer in ${hangLimit} ms`);
        return;
      }
    }
  } catch (err) {
    // An aborted signal's reason (an AbortError) is the documented answer to a valid call.
    const aborted = err instanceof Error && err.name === 'AbortError';
    if (aborted || (isSockError(err) && typeof err.code === 'string' && err.message.length > 0)) {
      tally.note('sock-error', input, err);
    } else {
      tally.note('foreign', input, err);
    }
    return;
  }
  const problem = check === undefined ? undefined : await check(value);
  if (problem === undefined) tally.note('value', input, value);
  else tally.note('foreign', input, problem);
}
