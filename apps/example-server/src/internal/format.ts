/** `127.0.0.1:8080` or `[::1]:8080`: an address and port as URLs and the seed's log write them. */
export function formatHostPort(address: {
  readonly address: string;
  readonly port: number | string;
}): string {
  return address.address.includes(':')
    ? `[${address.address}]:${address.port}`
    : `${address.address}:${address.port}`;
}

/** `http://[::1]:8080`: a URL for a bound address. */
export function formatUrl(
  scheme: string,
  address: { readonly address: string; readonly port: number | string },
): string {
  return `${scheme}://${formatHostPort(address)}`;
}
