import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSockError, type SockError } from '../src/index.js';
import {
  brandClass,
  didYouMean,
  formatHostPort,
  hasBrand,
  invalidArgument,
  invalidOption,
  renderValue,
  validateAbortSignal,
  validateBoolean,
  validateFunction,
  validateInteger,
  validateKnownKeys,
  validateOneOf,
  validateOptionsObject,
  validatePort,
  validateTimeout,
} from '../src/unstable-do-not-import.js';

// A value of any kind a caller can pass, hostile ones included.
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom(NaN, -0, Infinity, -Infinity, Symbol('x'), () => 1, [], new Date(0)),
);

function hostileProxy(): object {
  const trap = (): never => {
    throw new Error('trap');
  };
  return new Proxy(
    {},
    {
      get: trap,
      has: trap,
      ownKeys: trap,
      getPrototypeOf: trap,
      getOwnPropertyDescriptor: trap,
    },
  );
}

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable([], {});
  revoke();
  return proxy;
}

const thrown = (fn: () => unknown): SockError => {
  try {
    fn();
  } catch (error) {
    expect(isSockError(error)).toBe(true);
    return error as SockError;
  }
  throw new Error('expected a SockError');
};

describe('renderValue()', () => {
  it.each([
    ['soon', "'soon'"],
    ["it's", "'it\\'s'"],
    ['a\nb', "'a\\nb'"],
    ['\u0000\u2028', "'\\u0000\\u2028'"],
    [70000, '70000'],
    [NaN, 'NaN'],
    [-0, '-0'],
    [Infinity, 'Infinity'],
    [10n, '10n'],
    [true, 'true'],
    [null, 'null'],
    [undefined, 'undefined'],
    [[1, 2], 'an array'],
    [() => 1, 'a function'],
    [Symbol('x'), 'Symbol(x)'],
    [{ a: 1 }, 'an object'],
    [Object.create(null), 'an object'],
    [new Date(0), 'an instance of Date'],
    [new (class Foo {})(), 'an instance of Foo'],
  ])('shows %o as %s', (value, shown) => {
    expect(renderValue(value)).toBe(shown);
  });

  it('cuts long strings at 80 characters', () => {
    expect(renderValue('x'.repeat(200))).toBe(`'${'x'.repeat(80)}…'`);
  });

  it('names a hostile Proxy and a revoked one without throwing', () => {
    expect(renderValue(hostileProxy())).toBe('an object');
    expect(renderValue(revoked())).toBe('an object');
  });

  it('never throws, stays on one line and stays short', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const shown = renderValue(value);
        expect(shown).not.toMatch(/[\n\r\u2028\u2029]/);
        expect(shown.length).toBeLessThanOrEqual(6 * 80 + 10);
        expect(shown.length).toBeGreaterThan(0);
      }),
    );
  });

  it('shows a short string between single quotes, readable back', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const shown = renderValue(text);
        expect(shown.startsWith("'") && shown.endsWith("'")).toBe(true);
        // The escapes are JavaScript's: evaluating the text gives the string back.
        expect(runInNewContext(shown)).toBe(text);
      }),
    );
  });
});

describe('invalidOption() and invalidArgument()', () => {
  it('name the option, the rule and the value, without backticks around the value', () => {
    const error = invalidOption('port', 'an integer from 0 to 65535', 70000);
    expect(error.code).toBe('ERR_SOCK_INVALID_OPTION');
    expect(error.message).toBe('The `port` option must be an integer from 0 to 65535, got 70000.');
    expect(invalidOption('timeout', 'a number', 'soon', 'ERR_SOCK_INVALID_HINTS').message).toBe(
      "The `timeout` option must be a number, got 'soon'.",
    );
    const arg = invalidArgument('options', 'an object', 1);
    expect(arg.code).toBe('ERR_SOCK_INVALID_ARGUMENT');
    expect(arg.message).toBe('The `options` argument must be an object, got 1.');
  });
});

// Each validator: its accepted values come back unchanged, undefined passes, anything else throws
// a SockError naming the option and showing the value as renderValue() does.
const validators: {
  name: string;
  check: (value: unknown) => unknown;
  accepts: (value: unknown) => boolean;
  good: fc.Arbitrary<unknown>;
  code: string;
}[] = [
  {
    name: 'validateBoolean',
    check: (v) => validateBoolean(v, 'flag'),
    accepts: (v) => typeof v === 'boolean',
    good: fc.boolean(),
    code: 'ERR_SOCK_INVALID_OPTION',
  },
  {
    name: 'validateInteger',
    check: (v) => validateInteger(v, 'flag', -5, 5),
    accepts: (v) => Number.isInteger(v) && (v as number) >= -5 && (v as number) <= 5,
    good: fc.integer({ min: -5, max: 5 }),
    code: 'ERR_SOCK_INVALID_OPTION',
  },
  {
    name: 'validatePort',
    check: (v) => validatePort(v, 'flag'),
    accepts: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535,
    good: fc.integer({ min: 0, max: 65535 }),
    code: 'ERR_SOCK_INVALID_PORT',
  },
  {
    name: 'validateTimeout',
    check: (v) => validateTimeout(v, 'flag'),
    accepts: (v) => typeof v === 'number' && v > 0 && v <= 2147483647,
    good: fc.double({ min: Number.MIN_VALUE, max: 2147483647, noNaN: true }),
    code: 'ERR_SOCK_INVALID_OPTION',
  },
  {
    name: 'validateAbortSignal',
    check: (v) => validateAbortSignal(v, 'flag'),
    accepts: (v) => v instanceof AbortSignal,
    good: fc.constant(null).map(() => new AbortController().signal),
    code: 'ERR_SOCK_INVALID_OPTION',
  },
  {
    name: 'validateFunction',
    check: (v) => validateFunction(v, 'flag'),
    accepts: (v) => typeof v === 'function',
    good: fc.func(fc.anything()),
    code: 'ERR_SOCK_INVALID_OPTION',
  },
  {
    name: 'validateOneOf',
    check: (v) => validateOneOf(v, 'flag', ['tcp', 'udp'] as const),
    accepts: (v) => v === 'tcp' || v === 'udp',
    good: fc.constantFrom('tcp', 'udp'),
    code: 'ERR_SOCK_INVALID_OPTION',
  },
  {
    name: 'validateOptionsObject',
    check: (v) => validateOptionsObject(v, 'flag'),
    accepts: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    good: fc.object(),
    code: 'ERR_SOCK_INVALID_ARGUMENT',
  },
];

describe.each(validators)('$name()', ({ check, accepts, good, code }) => {
  it('returns what it accepts and passes undefined through', () => {
    expect(check(undefined)).toBeUndefined();
    fc.assert(
      fc.property(good, (value) => {
        expect(check(value)).toBe(value);
      }),
    );
  });

  it('throws a SockError naming the option and showing the value for anything else', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        if (value === undefined || accepts(value)) return;
        const error = thrown(() => check(value));
        expect(error.code).toBe(code);
        expect(error.message).toMatch(/^The `flag` (option|argument) must be /);
        expect(error.message.endsWith(`, got ${renderValue(value)}.`)).toBe(true);
      }),
    );
  });

  it('throws a SockError, not a TypeError, for a hostile Proxy', () => {
    const acceptable = (value: unknown): boolean => {
      try {
        return accepts(value);
      } catch {
        return false;
      }
    };
    for (const value of [hostileProxy(), revoked()]) {
      if (acceptable(value)) continue;
      expect(thrown(() => check(value)).message).toContain('got an object.');
    }
  });
});

describe('validator rules', () => {
  it('reads as the house style says', () => {
    expect(thrown(() => validatePort(70000, 'port')).message).toBe(
      'The `port` option must be an integer from 0 to 65535, got 70000.',
    );
    expect(thrown(() => validateTimeout('soon', 'timeout')).message).toBe(
      "The `timeout` option must be a positive number of milliseconds up to 2147483647, got 'soon'.",
    );
    expect(thrown(() => validateOneOf('sctp', 'protocol', ['tcp', 'udp'])).message).toBe(
      "The `protocol` option must be 'tcp' or 'udp', got 'sctp'.",
    );
    expect(thrown(() => validateOneOf(5, 'family', [0, 4, 6])).message).toBe(
      'The `family` option must be one of 0, 4 or 6, got 5.',
    );
    expect(validateInteger(-0, 'n', 0, 1)).toBe(0);
    expect(Object.is(validateInteger(-0, 'n', 0, 1), -0)).toBe(false);
  });
});

describe('didYouMean() and validateKnownKeys()', () => {
  const known = ['host', 'port', 'timeout', 'signal', 'reusePort', 'ipv6Only'];

  it.each([
    ['timout', 'timeout'],
    ['prot', 'port'],
    ['hots', 'host'],
    ['reuseport', 'reusePort'],
    ['ipv6only', 'ipv6Only'],
    ['Signal', 'signal'],
  ])('suggests %s -> %s', (input, expected) => {
    expect(didYouMean(input, known)).toBe(expected);
  });

  it('suggests nothing for far input or an exact match', () => {
    expect(didYouMean('backlog', known)).toBeUndefined();
    expect(didYouMean('port', known)).toBeUndefined();
    expect(didYouMean('x'.repeat(10_000), known)).toBeUndefined();
  });

  it('only ever suggests a candidate, and never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.array(fc.string({ maxLength: 20 })), (i, c) => {
        const guess = didYouMean(i, c);
        if (guess !== undefined) expect(c).toContain(guess);
      }),
    );
  });

  it('throws on an unknown key with a suggestion or the list of known options', () => {
    expect(() => validateKnownKeys({ host: 'a', port: 1 }, known, 'bind()')).not.toThrow();
    const typo = thrown(() => validateKnownKeys({ timout: 1 }, known, 'bind()'));
    expect(typo.code).toBe('ERR_SOCK_INVALID_OPTION');
    expect(typo.message).toBe('Unknown option `timout` in bind(); did you mean `timeout`?');
    expect(thrown(() => validateKnownKeys({ zzz: 1 }, ['a', 'b'], 'x()')).message).toBe(
      'Unknown option `zzz` in x(). Known options: `a`, `b`.',
    );
    expect(thrown(() => validateKnownKeys({ 'a\nb': 1 }, ['a'], 'x()')).message).not.toContain(
      '\n',
    );
    expect(() => validateKnownKeys(hostileProxy(), known, 'x()')).not.toThrow();
  });
});

describe('formatHostPort()', () => {
  it.each([
    ['::1', 80, '[::1]:80'],
    ['127.0.0.1', 80, '127.0.0.1:80'],
    ['example.test', 80, 'example.test:80'],
    ['fe80::1%eth0', '8080', '[fe80::1%eth0]:8080'],
    ['[::1]', 80, '[::1]:80'],
  ])('formats %s and %s as %s', (host, port, shown) => {
    expect(formatHostPort(host, port)).toBe(shown);
  });
});

describe('brandClass() and hasBrand()', () => {
  const key = Symbol.for('@sock/test.Branded');
  class Branded {}
  brandClass(Branded, key);

  it('recognise an instance, also of a copy of the class made elsewhere', () => {
    expect(hasBrand(new Branded(), key)).toBe(true);
    class Copy {}
    brandClass(Copy, Symbol.for('@sock/test.Branded'));
    expect(hasBrand(new Copy(), key)).toBe(true);
    expect(hasBrand(Object.create(Branded.prototype), key)).toBe(true);
  });

  it('answer false for anything else, and never throw', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
      },
    );
    for (const value of [undefined, null, 0, 'x', {}, [], () => undefined, hostile]) {
      expect(hasBrand(value, key)).toBe(false);
    }
    expect(hasBrand(new Branded(), Symbol.for('@sock/test.Other'))).toBe(false);
  });

  it('put the brand on the prototype, not on each instance', () => {
    const value = new Branded();
    expect(Object.getOwnPropertySymbols(value)).toEqual([]);
    expect(Object.keys(value)).toEqual([]);
  });
});
