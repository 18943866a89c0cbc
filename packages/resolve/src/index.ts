export type { AddrInfo } from './addrinfo.js';
export type { LookupFunction, ResolveHints } from './hints.js';
export { resolve } from './resolve.js';
export {
  createResolver,
  defaultResolver,
  type Resolver,
  type ResolverOptions,
  type ResolverStats,
} from './resolver.js';
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
