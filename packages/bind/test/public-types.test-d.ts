// Pins the public types of @sock/bind (serve()'s overloads are pinned in serve.test-d.ts): a
// changed signature fails here before it reaches a user.
import type * as dgram from 'node:dgram';
import type * as net from 'node:net';
import type { SockError } from '@sock/errors';
import type { AddrInfo } from '@sock/resolve';
import { describe, expectTypeOf, it } from 'vitest';
import type { BindError } from '../src/index.js';
import {
  bind,
  browserUnsafePorts,
  explainBindError,
  findPortHolders,
  isBindError,
  isBinding,
  type BindAttempt,
  type BindErrorExplanation,
  type Binding,
  type BindOptions,
  type BindStep,
  type PortHolder,
  type PortSpec,
} from '../src/index.js';

describe('bind()', () => {
  it('takes optional BindOptions and gives a Promise of a Binding', () => {
    expectTypeOf(bind).parameters.toEqualTypeOf<[options?: BindOptions]>();
    expectTypeOf(bind).returns.toEqualTypeOf<Promise<Binding>>();
  });

  it('accepts every shape of PortSpec, and exclude as a list or browser-unsafe', () => {
    expectTypeOf<PortSpec>().toEqualTypeOf<
      | number
      | string
      | readonly (number | string)[]
      | { readonly from: number; readonly to: number }
    >();
    expectTypeOf<{ port: 8080 }>().toMatchTypeOf<BindOptions>();
    expectTypeOf<{ port: 'http' }>().toMatchTypeOf<BindOptions>();
    expectTypeOf<{ port: [8080, '9000-9009'] }>().toMatchTypeOf<BindOptions>();
    expectTypeOf<{ port: { from: 8000; to: 8010 } }>().toMatchTypeOf<BindOptions>();
    expectTypeOf<{ exclude: 'browser-unsafe' }>().toMatchTypeOf<BindOptions>();
    expectTypeOf<{ exclude: number[] }>().toMatchTypeOf<BindOptions>();
    expectTypeOf<{ protocol: 'sctp' }>().not.toMatchTypeOf<BindOptions>();
    expectTypeOf<{ family: 5 }>().not.toMatchTypeOf<BindOptions>();
  });
});

describe('Binding', () => {
  it('exposes the listeners, the resolver answer and the attempts, read-only', () => {
    expectTypeOf<Binding['protocol']>().toEqualTypeOf<'tcp' | 'udp' | 'unix'>();
    expectTypeOf<Binding['servers']>().toEqualTypeOf<readonly net.Server[]>();
    expectTypeOf<Binding['sockets']>().toEqualTypeOf<readonly dgram.Socket[]>();
    expectTypeOf<Binding['candidates']>().toEqualTypeOf<readonly AddrInfo[]>();
    expectTypeOf<Binding['attempts']>().toEqualTypeOf<readonly BindAttempt[]>();
    expectTypeOf<Binding>().toMatchTypeOf<AsyncDisposable>();
    expectTypeOf<Binding['close']>().returns.toEqualTypeOf<Promise<void>>();
  });

  it('isBinding() narrows', () => {
    const value: unknown = undefined;
    if (isBinding(value)) expectTypeOf(value).toEqualTypeOf<Binding>();
  });
});

describe('BindError', () => {
  it('is a SockError with the step, the candidates, the attempts and the holders', () => {
    expectTypeOf<BindError>().toMatchTypeOf<SockError>();
    expectTypeOf<BindError['step']>().toEqualTypeOf<BindStep>();
    expectTypeOf<BindError['candidates']>().toEqualTypeOf<readonly AddrInfo[]>();
    expectTypeOf<BindError['attempts']>().toEqualTypeOf<readonly BindAttempt[]>();
    expectTypeOf<BindError['holders']>().toEqualTypeOf<readonly PortHolder[] | undefined>();
    expectTypeOf<BindStep>().toEqualTypeOf<'resolve' | 'socket' | 'bind' | 'listen'>();
  });

  it('isBindError() narrows', () => {
    const value: unknown = undefined;
    if (isBindError(value)) expectTypeOf(value).toEqualTypeOf<BindError>();
  });
});

describe('diagnosis and constants', () => {
  it('keeps its signatures', () => {
    expectTypeOf(findPortHolders).returns.toEqualTypeOf<Promise<PortHolder[]>>();
    expectTypeOf(explainBindError).returns.toEqualTypeOf<Promise<BindErrorExplanation>>();
    expectTypeOf(browserUnsafePorts).toEqualTypeOf<readonly number[]>();
    expectTypeOf<PortHolder['command']>().toEqualTypeOf<string>();
  });
});
