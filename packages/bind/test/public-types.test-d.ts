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
  type BoundAttempt,
  type FailedAttempt,
  type PortHolder,
  type PortSpec,
  type SkippedAttempt,
  type TcpBinding,
  type UdpBinding,
  type UnixBinding,
} from '../src/index.js';

declare const anyOptions: BindOptions;
declare const protocol: 'tcp' | 'udp';
declare const systemd: boolean;

describe('bind()', () => {
  it('gives the Binding its options name: TCP by default, UDP, Unix, or the union', () => {
    expectTypeOf(bind()).toEqualTypeOf<Promise<TcpBinding>>();
    expectTypeOf(bind({ port: 0 })).toEqualTypeOf<Promise<TcpBinding>>();
    expectTypeOf(bind({ protocol: 'tcp', host: '::1' })).toEqualTypeOf<Promise<TcpBinding>>();
    expectTypeOf(bind({ protocol: 'udp' })).toEqualTypeOf<Promise<UdpBinding>>();
    expectTypeOf(bind({ path: '/run/app.sock' })).toEqualTypeOf<Promise<UnixBinding>>();
    expectTypeOf(bind({ systemd: true })).toEqualTypeOf<Promise<TcpBinding | UnixBinding>>();
    expectTypeOf(bind({ inherit: true })).toEqualTypeOf<Promise<TcpBinding | UdpBinding>>();
    expectTypeOf(bind(anyOptions)).toEqualTypeOf<Promise<Binding>>();
    expectTypeOf(bind({ protocol })).toEqualTypeOf<Promise<Binding>>();
    expectTypeOf(bind({ systemd })).toEqualTypeOf<Promise<Binding>>();
    expectTypeOf(bind).toBeCallableWith(anyOptions);
    expectTypeOf(bind).toBeCallableWith();
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
  it('is a union by protocol; no member carries an array it never fills', () => {
    expectTypeOf<Binding>().toEqualTypeOf<TcpBinding | UdpBinding | UnixBinding>();
    expectTypeOf<Binding['protocol']>().toEqualTypeOf<'tcp' | 'udp' | 'unix'>();
    expectTypeOf<TcpBinding['protocol']>().toEqualTypeOf<'tcp'>();
    expectTypeOf<TcpBinding['servers']>().toEqualTypeOf<readonly net.Server[]>();
    expectTypeOf<TcpBinding>().not.toHaveProperty('sockets');
    expectTypeOf<TcpBinding['path']>().toEqualTypeOf<undefined>();
    expectTypeOf<UdpBinding['protocol']>().toEqualTypeOf<'udp'>();
    expectTypeOf<UdpBinding['sockets']>().toEqualTypeOf<readonly dgram.Socket[]>();
    expectTypeOf<UdpBinding>().not.toHaveProperty('servers');
    expectTypeOf<UdpBinding>().not.toHaveProperty('serve');
    expectTypeOf<UnixBinding['protocol']>().toEqualTypeOf<'unix'>();
    expectTypeOf<UnixBinding['path']>().toEqualTypeOf<string>();
    expectTypeOf<UnixBinding['servers']>().toEqualTypeOf<readonly net.Server[]>();
    expectTypeOf<UnixBinding>().not.toHaveProperty('sockets');
    expectTypeOf<Binding['path']>().toEqualTypeOf<string | undefined>();
  });

  it('narrows on protocol', () => {
    const binding = {} as Binding;
    if (binding.protocol === 'udp') expectTypeOf(binding).toEqualTypeOf<UdpBinding>();
    else expectTypeOf(binding.servers).toEqualTypeOf<readonly net.Server[]>();
  });

  it('exposes the resolver answer and the attempts, read-only', () => {
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

describe('BindAttempt', () => {
  it('is a union by outcome: only a failure has a step, only a failure or a skip an error', () => {
    expectTypeOf<BindAttempt>().toEqualTypeOf<BoundAttempt | FailedAttempt | SkippedAttempt>();
    expectTypeOf<BindAttempt['outcome']>().toEqualTypeOf<
      'bound' | 'released' | 'failed' | 'skipped'
    >();
    expectTypeOf<BoundAttempt['outcome']>().toEqualTypeOf<'bound' | 'released'>();
    expectTypeOf<BoundAttempt['error']>().toEqualTypeOf<undefined>();
    expectTypeOf<BoundAttempt['step']>().toEqualTypeOf<undefined>();
    expectTypeOf<FailedAttempt['step']>().toEqualTypeOf<BindStep>();
    expectTypeOf<FailedAttempt['error']>().toEqualTypeOf<SockError>();
    expectTypeOf<SkippedAttempt['error']>().toEqualTypeOf<SockError>();
    const attempt = {} as BindAttempt;
    if (attempt.outcome === 'failed') expectTypeOf(attempt.step).toEqualTypeOf<BindStep>();
    expectTypeOf(attempt.error).toEqualTypeOf<SockError | undefined>();
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
