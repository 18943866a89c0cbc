import { formatHostPort as hostPort } from '@sock/errors/unstable-do-not-import';

/**
 * `127.0.0.1:8080` or `[::1]:8080`: an address and port as URLs and the classic Winsock sample's
 * log write them, by sock's one host:port formatter.
 */
export function formatHostPort(address: {
  readonly address: string;
  readonly port: number | string;
}): string {
  return hostPort(address.address, address.port);
}

/** `http://[::1]:8080`: a URL for a bound address. */
export function formatUrl(
  scheme: string,
  address: { readonly address: string; readonly port: number | string },
): string {
  return `${scheme}://${formatHostPort(address)}`;
}
