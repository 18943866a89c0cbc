// Pins the public types of @sock/errors: a changed signature fails here before it reaches a user.
import { describe, expectTypeOf, it } from 'vitest';
import {
  hintFor,
  isSockError,
  sockCodes,
  SockError,
  toSockError,
  type HintContext,
  type PortHolderFacts,
  type SockErrorCode,
  type SockErrorContext,
  type SockErrorInit,
  type SockOwnCode,
  type SystemErrorCode,
} from '../src/index.js';
import {
  describe as describeError,
  errno,
  namespaces,
  platforms,
  translate,
  uv,
  winsock,
  type DescribeOptions,
  type ErrnoName,
  type ErrorDescription,
  type ErrorEntry,
  type Namespace,
  type Platform,
  type TranslateOptions,
  type TranslateTarget,
  type Translation,
  type WinsockName,
} from '../src/tables.js';
import {
  didYouMean,
  formatHostPort,
  invalidOption,
  renderValue,
  validateOneOf,
  validatePort,
} from '../src/unstable-do-not-import.js';

describe('@sock/errors', () => {
  it('SockError carries a stable code and the facts as fields', () => {
    expectTypeOf<SockError>().toExtend<Error>();
    expectTypeOf<SockError['code']>().toEqualTypeOf<SockErrorCode>();
    expectTypeOf<SockError['hint']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<SockError['errno']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<SockError['port']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<SockError['transient']>().toEqualTypeOf<boolean>();
    expectTypeOf(SockError).constructorParameters.toEqualTypeOf<[init: SockErrorInit]>();
    expectTypeOf<SockErrorInit>().toHaveProperty('code');
  });

  it('codes are a literal union with room for system codes', () => {
    expectTypeOf<'ERR_SOCK_INVALID_PORT'>().toExtend<SockOwnCode>();
    expectTypeOf<'EADDRINUSE'>().toExtend<SockErrorCode>();
    expectTypeOf<'EADDRINUSE'>().toExtend<SystemErrorCode>();
    expectTypeOf<'ERR_SOCK_NOT_A_CODE'>().not.toExtend<SockOwnCode>();
    expectTypeOf(sockCodes).toHaveProperty('ERR_SOCK_UNKNOWN');
    expectTypeOf<keyof typeof sockCodes>().toEqualTypeOf<SockOwnCode>();
  });

  it('toSockError, isSockError and hintFor', () => {
    expectTypeOf(toSockError).toEqualTypeOf<
      (err: unknown, context?: SockErrorContext) => SockError
    >();
    expectTypeOf(isSockError).guards.toEqualTypeOf<SockError>();
    expectTypeOf(hintFor).parameters.toEqualTypeOf<[code: string, context?: HintContext]>();
    expectTypeOf(hintFor).returns.toEqualTypeOf<string | undefined>();
    expectTypeOf<HintContext>().toExtend<SockErrorContext>();
    expectTypeOf<{ pid: 1; command: 'node'; inode: 5 }>().toExtend<PortHolderFacts>();
    expectTypeOf<SockErrorContext['platform']>().toEqualTypeOf<NodeJS.Platform | undefined>();
  });
});

describe('@sock/errors/tables', () => {
  it('describe() and translate()', () => {
    expectTypeOf(describeError).parameters.toEqualTypeOf<
      [nameOrNumber: string | number, options?: DescribeOptions]
    >();
    expectTypeOf(describeError).returns.toEqualTypeOf<ErrorDescription | undefined>();
    expectTypeOf(translate).parameters.toEqualTypeOf<
      [nameOrNumber: string | number, options: TranslateOptions]
    >();
    expectTypeOf(translate).returns.toEqualTypeOf<Translation | undefined>();
    expectTypeOf<'errno:darwin'>().toExtend<TranslateTarget>();
    expectTypeOf<ErrorDescription>().toExtend<ErrorEntry>();
  });

  it('tables are typed by platform and name', () => {
    expectTypeOf<Platform>().toEqualTypeOf<'linux' | 'darwin' | 'freebsd' | 'win32'>();
    expectTypeOf<Namespace>().toEqualTypeOf<'errno' | 'uv' | 'eai' | 'winsock'>();
    expectTypeOf(platforms).toEqualTypeOf<readonly ['linux', 'darwin', 'freebsd', 'win32']>();
    expectTypeOf(namespaces).toEqualTypeOf<readonly ['errno', 'uv', 'eai', 'winsock']>();
    expectTypeOf(errno.linux.EADDRINUSE).toEqualTypeOf<98>();
    expectTypeOf(uv.win32.EADDRINUSE).toEqualTypeOf<-4091>();
    expectTypeOf<'EADDRINUSE'>().toExtend<ErrnoName>();
    expectTypeOf<'WSAEADDRINUSE'>().toExtend<WinsockName>();
    expectTypeOf(winsock.WSAEADDRINUSE.number).toEqualTypeOf<10048>();
  });
});

describe('@sock/errors/unstable-do-not-import', () => {
  it('validators return the checked type or undefined', () => {
    expectTypeOf(renderValue).toEqualTypeOf<(value: unknown) => string>();
    expectTypeOf(invalidOption).returns.toEqualTypeOf<SockError>();
    expectTypeOf(validatePort).returns.toEqualTypeOf<number | undefined>();
    expectTypeOf(validateOneOf('tcp', 'protocol', ['tcp', 'udp'])).toEqualTypeOf<
      'tcp' | 'udp' | undefined
    >();
    expectTypeOf(didYouMean).returns.toEqualTypeOf<string | undefined>();
    expectTypeOf(formatHostPort).parameters.toEqualTypeOf<[host: string, port: number | string]>();
  });
});
