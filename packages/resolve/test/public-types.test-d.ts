// Pins the public types of @sock/resolve: a changed signature fails here before it reaches a user.
import type { LookupAddress } from 'node:dns';
import type { LookupFunction as NetLookupFunction } from 'node:net';
import { promisify } from 'node:util';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createResolver,
  defaultResolver,
  formatEndpoint,
  getServiceByName,
  isLoopback,
  isWildcard,
  openHostsFile,
  parseEndpoint,
  parseIp,
  parseNumericHost,
  resolve,
  sortAddresses,
  toV4Mapped,
  type AddrInfo,
  type AddressOrder,
  type Endpoint,
  type HostsEntry,
  type HostsFile,
  type HostsFileOptions,
  type IpLiteral,
  type LookupFunction,
  type LookupOneAnswer,
  type LookupOptions,
  type ParseEndpointOptions,
  type ResolveHints,
  type Resolver,
  type ResolverLookup,
  type ResolverOptions,
  type ResolverPromises,
  type ResolverStats,
  type ServicePorts,
} from '../src/index.js';
import {
  hostNameProblem,
  isLookupFunction,
  isResolverLike,
  isServiceName,
  validateHostName,
  type HostNameProblem,
} from '../src/unstable-do-not-import.js';

describe('@sock/resolve public types', () => {
  it('resolve() and the resolver', () => {
    expectTypeOf(resolve).parameters.toEqualTypeOf<
      [string | null | undefined, string | number | null | undefined, ResolveHints?]
    >();
    expectTypeOf(resolve).returns.toEqualTypeOf<Promise<AddrInfo[]>>();
    expectTypeOf(createResolver).parameters.toEqualTypeOf<[ResolverOptions?]>();
    expectTypeOf(createResolver).returns.toEqualTypeOf<Resolver>();
    expectTypeOf(defaultResolver).toEqualTypeOf<Resolver>();
    expectTypeOf<Resolver['stats']>().returns.toEqualTypeOf<ResolverStats>();
    expectTypeOf<Resolver['lookup']>().toEqualTypeOf<ResolverLookup>();
    expectTypeOf<Resolver['promises']>().toEqualTypeOf<ResolverPromises>();
    expectTypeOf<ResolverStats>().toEqualTypeOf<{
      readonly hits: number;
      readonly misses: number;
      readonly coalesced: number;
      readonly inFlight: number;
      readonly queued: number;
      readonly rejected: number;
      readonly timeouts: number;
      readonly hostsFile: number;
    }>();
    expectTypeOf<ResolverOptions>().toHaveProperty('threadpool');
    expectTypeOf<ResolverOptions['lookup']>().toEqualTypeOf<LookupFunction | undefined>();
  });

  it('resolver.lookup fits every `lookup` option and promisifies as dns.lookup', () => {
    expectTypeOf<ResolverLookup>().toExtend<NetLookupFunction>();
    const lookup = defaultResolver.lookup;
    expectTypeOf(promisify(lookup)).toEqualTypeOf<ResolverLookup['__promisify__']>();
    expectTypeOf(defaultResolver.promises.lookup('x', { all: true })).toEqualTypeOf<
      Promise<LookupAddress[]>
    >();
    expectTypeOf(defaultResolver.promises.lookup('x')).toEqualTypeOf<Promise<LookupOneAnswer>>();
    expectTypeOf(defaultResolver.promises.lookup('x', 4)).toEqualTypeOf<Promise<LookupOneAnswer>>();
    expectTypeOf<LookupOptions['order']>().toEqualTypeOf<
      'verbatim' | 'ipv4first' | 'ipv6first' | undefined
    >();
  });

  it('hints', () => {
    expectTypeOf<ResolveHints['family']>().toEqualTypeOf<0 | 4 | 6 | undefined>();
    expectTypeOf<ResolveHints['order']>().toEqualTypeOf<AddressOrder | undefined>();
    expectTypeOf<AddressOrder>().toEqualTypeOf<
      'rfc6724' | 'verbatim' | 'ipv6first' | 'ipv4first'
    >();
    expectTypeOf<AddrInfo['socktype']>().toEqualTypeOf<'stream' | 'dgram'>();
    expectTypeOf<AddrInfo['protocol']>().toEqualTypeOf<'tcp' | 'udp'>();
  });

  it('endpoints, literals, services and the hosts file', () => {
    expectTypeOf(parseEndpoint).parameters.toEqualTypeOf<[string, ParseEndpointOptions?]>();
    expectTypeOf(parseEndpoint).returns.toEqualTypeOf<Endpoint>();
    expectTypeOf(formatEndpoint).returns.toEqualTypeOf<string>();
    expectTypeOf(parseIp).returns.toEqualTypeOf<IpLiteral | undefined>();
    expectTypeOf(parseNumericHost).returns.toEqualTypeOf<IpLiteral | undefined>();
    expectTypeOf(isLoopback).returns.toEqualTypeOf<boolean>();
    expectTypeOf(isWildcard).returns.toEqualTypeOf<boolean>();
    expectTypeOf(toV4Mapped).returns.toEqualTypeOf<string>();
    expectTypeOf(sortAddresses<{ address: string; family: 4 | 6 }>).returns.toEqualTypeOf<
      { address: string; family: 4 | 6 }[]
    >();
    expectTypeOf(getServiceByName).returns.toEqualTypeOf<ServicePorts | undefined>();
    expectTypeOf(openHostsFile).parameters.toEqualTypeOf<[string?, HostsFileOptions?]>();
    expectTypeOf(openHostsFile).returns.toEqualTypeOf<HostsFile>();
    expectTypeOf<HostsFile['lookup']>().returns.toEqualTypeOf<readonly HostsEntry[] | undefined>();
    expectTypeOf<HostsFileOptions['checkInterval']>().toEqualTypeOf<number | undefined>();
  });

  it('the unstable subpath for sibling packages', () => {
    expectTypeOf(validateHostName).returns.toEqualTypeOf<string>();
    expectTypeOf(hostNameProblem).returns.toEqualTypeOf<HostNameProblem | undefined>();
    expectTypeOf(isServiceName).guards.toEqualTypeOf<string>();
    expectTypeOf(isResolverLike).guards.toEqualTypeOf<Resolver>();
    expectTypeOf(isLookupFunction).guards.toEqualTypeOf<LookupFunction>();
  });
});
