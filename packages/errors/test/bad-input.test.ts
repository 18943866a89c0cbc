// Whatever a caller passes, @sock/errors answers with a SockError or a sensible value, never with a
// TypeError from its own internals.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hintFor, isSockError, SockError, toSockError } from '../src/index.js';
import { describe as describeError, translate } from '../src/tables.js';

const hostile = (): object =>
  new Proxy(
    {},
    {
      get: () => {
        throw new Error('trap');
      },
      has: () => {
        throw new Error('trap');
      },
      getPrototypeOf: () => {
        throw new Error('trap');
      },
    },
  );

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ withBigInt: true, withDate: true, withMap: true }),
  fc.constantFrom(null, undefined, '', 0, NaN, Symbol('s'), () => 1),
);

const outcome = (fn: () => unknown): { value?: unknown; error?: unknown } => {
  try {
    return { value: fn() };
  } catch (error) {
    return { error };
  }
};

describe('toSockError() with empty or odd input', () => {
  it('reads an empty code as no code, with a message saying what was thrown', () => {
    const error = toSockError({ code: '' });
    expect(error.code).toBe('ERR_SOCK_UNKNOWN');
    expect(error.message).toBe('A value without a message or a code was thrown: an object.');
  });

  it('calls an Error without a message an error, not "not an Error"', () => {
    const error = toSockError(new Error(''));
    expect(error.code).toBe('ERR_SOCK_UNKNOWN');
    expect(error.message).toBe(
      'An error without a message or a code was thrown: an instance of Error.',
    );
    expect(toSockError(new TypeError('')).message).toContain('an instance of TypeError');
  });

  it('keeps the code when the context is null or not an object', () => {
    const raw = Object.assign(new Error('listen EADDRINUSE'), {
      code: 'EADDRINUSE',
      syscall: 'listen',
    });
    for (const context of [null, 5, 'x', hostile(), { port: 'eighty', platform: 7 }]) {
      const error = toSockError(raw, context as never);
      expect(error.code).toBe('EADDRINUSE');
      expect(error.hint).toContain('Another socket is bound');
    }
  });

  it('gives a SockError with a non-empty code and message for any value and any context', () => {
    fc.assert(
      fc.property(anyValue, anyValue, (value, context) => {
        const error = toSockError(value, context as never);
        expect(isSockError(error)).toBe(true);
        expect(error.code.length).toBeGreaterThan(0);
        expect(error.message.length).toBeGreaterThan(0);
      }),
    );
  });

  it('keeps a non-empty code whatever the context', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^E[A-Z]{2,12}$/), anyValue, (code, context) => {
        expect(toSockError({ code }, context as never).code).toBe(code);
      }),
    );
  });
});

describe('describe() and translate() with odd options', () => {
  it('reads null options as none', () => {
    expect(describeError('EADDRINUSE', null as never)?.name).toBe('EADDRINUSE');
  });

  it('answers any options with a description, undefined or a SockError', () => {
    fc.assert(
      fc.property(fc.constantFrom('EADDRINUSE', 10048, -98), anyValue, (input, options) => {
        const { error } = outcome(() => describeError(input, options as never));
        if (error !== undefined) {
          expect(isSockError(error), String(error as Error)).toBe(true);
          expect((error as SockError).message).toMatch(/^The `\w+` (option|argument) must be /);
        }
      }),
    );
  });

  it('answers a bad name or number with a SockError naming the argument', () => {
    fc.assert(
      fc.property(anyValue, (input) => {
        const { error } = outcome(() => describeError(input as never));
        if (error !== undefined) {
          expect(isSockError(error)).toBe(true);
          expect((error as SockError).message).toMatch(/^The `nameOrNumber` argument must be /);
        }
      }),
    );
  });

  it('answers any translate() options with a translation, undefined or a SockError', () => {
    expect(outcome(() => translate('EADDRINUSE', null as never)).error).toMatchObject({
      code: 'ERR_SOCK_INVALID_ARGUMENT',
      message:
        "The `options` argument must be an object with a `to` target such as { to: 'errno:darwin' }, got null.",
    });
    fc.assert(
      fc.property(anyValue, (options) => {
        const { error } = outcome(() => translate('EADDRINUSE', options as never));
        if (error !== undefined) expect(isSockError(error), String(error as Error)).toBe(true);
      }),
    );
  });
});

describe('hintFor() and isSockError() with odd input', () => {
  it('gives the hint with a null context, and undefined for a code that is not a string', () => {
    expect(hintFor('EADDRINUSE', null as never)).toContain('Another socket is bound');
    expect(hintFor(5 as never)).toBeUndefined();
    fc.assert(
      fc.property(anyValue, anyValue, (code, context) => {
        const hint = hintFor(code as never, context as never);
        expect(hint === undefined || typeof hint === 'string').toBe(true);
      }),
    );
  });

  it('never throws, even for a hostile Proxy', () => {
    expect(isSockError(hostile())).toBe(false);
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(isSockError(proxy)).toBe(false);
    expect(isSockError(new SockError({ code: 'ERR_SOCK_CLOSED', message: 'x' }))).toBe(true);
    fc.assert(
      fc.property(anyValue, (value) => {
        expect(isSockError(value)).toBe(false);
      }),
    );
  });
});
