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

/** A port as the command line took it: `8080`, `http`, `8000-8010`, `8080,8081`. */
export function formatPortOption(
  port:
    number | string | readonly (number | string)[] | { readonly from: number; readonly to: number },
): string {
  if (typeof port !== 'object') return String(port);
  return 'from' in port ? `${port.from}-${port.to}` : port.join(',');
}

/** `http://[::1]:8080`: a URL for a bound address. */
export function formatUrl(
  scheme: string,
  address: { readonly address: string; readonly port: number | string },
): string {
  return `${scheme}://${formatHostPort(address)}`;
}
