export type { AddrInfo } from './addrinfo.js';
export type {
  LookupFunction,
  LookupOneAnswer,
  LookupOptions,
  ResolveHints,
  Resolver,
  ResolverLookup,
  ResolverOptions,
  ResolverPromises,
  ResolverStats,
} from './types.js';
export { resolve } from './resolve.js';
export { createResolver, defaultResolver } from './resolver.js';
export {
  formatEndpoint,
  parseEndpoint,
  type Endpoint,
  type ParseEndpointOptions,
} from './endpoint.js';
export {
  isLoopback,
  isWildcard,
  parseIp,
  parseNumericHost,
  toV4Mapped,
  type IpLiteral,
} from './ip.js';
export { sortAddresses, type AddressOrder } from './order.js';
export { getServiceByName, type ServicePorts } from './services.js';
export { openHostsFile, type HostsEntry, type HostsFile, type HostsFileOptions } from './hosts.js';
