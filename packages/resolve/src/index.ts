// PLACEHOLDER CONTRACT: the @sock/resolve work replaces this file.
import { lookup } from 'node:dns/promises';
import { toSockError } from '@sock/errors';

/** One address to bind or connect to, as getaddrinfo returns it. */
export interface AddrInfo {
  readonly family: 4 | 6;
  readonly address: string;
  readonly port: number;
  readonly socktype: 'stream' | 'dgram';
  readonly protocol: 'tcp' | 'udp';
  readonly scopeId?: string;
  readonly canonName?: string;
}

/** getaddrinfo's hints, and more. */
export interface ResolveHints {
  readonly family?: 0 | 4 | 6;
  readonly socktype?: 'stream' | 'dgram';
  readonly protocol?: 'tcp' | 'udp';
  readonly passive?: boolean;
  readonly signal?: AbortSignal;
  readonly timeout?: number;
}

/** Resolves a host and service to the addresses to try, in order. */
export async function resolve(
  host: string | null,
  service: string | number,
  hints: ResolveHints = {},
): Promise<AddrInfo[]> {
  const port = Number(service);
  const name = host === null || host === '' ? (hints.passive ? '::' : 'localhost') : host;
  try {
    const found = await lookup(name, { all: true, family: hints.family ?? 0 });
    return found.map((a) => ({
      family: a.family === 6 ? 6 : 4,
      address: a.address,
      port,
      socktype: hints.socktype ?? 'stream',
      protocol: hints.socktype === 'dgram' ? 'udp' : 'tcp',
    }));
  } catch (err) {
    throw toSockError(err, { hostname: name });
  }
}
