// PLACEHOLDER CONTRACT: the @sock/bind work replaces this file.
import { resolve, type AddrInfo } from '@sock/resolve';

/** Binds a server socket. */
export async function bind(options: { host?: string; port?: number }): Promise<AddrInfo[]> {
  return resolve(options.host ?? 'localhost', options.port ?? 0);
}
