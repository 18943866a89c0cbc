import type { AddrInfo } from './addrinfo.js';
import type { ResolveHints } from './types.js';
import { defaultResolver } from './resolver.js';

/**
 * Resolves a host and a service to the addresses to try, in order, as getaddrinfo does: IP literals
 * and hosts-file names without the threadpool, other names through the default resolver (or
 * `hints.resolver`), which coalesces them and caps how many run at once.
 *
 * @example
 * const [first] = await resolve(null, 8080, { passive: true, socktype: 'stream' });
 * // { family: 4, address: '0.0.0.0', port: 8080, socktype: 'stream', protocol: 'tcp' }
 */
export function resolve(
  host: string | null | undefined,
  service: string | number | null | undefined,
  hints?: ResolveHints,
): Promise<AddrInfo[]> {
  // The default resolver answers remembered literals first and hands off to `hints.resolver`
  // when one is given, so this stays a single call.
  return defaultResolver.resolve(host, service, hints);
}
