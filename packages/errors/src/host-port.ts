/**
 * A host and port as a person types them, IPv6 addresses in brackets: `[::1]:80`,
 * `127.0.0.1:80`, `example.test:80`. The one host:port formatter of sock.
 * @example formatHostPort('::1', 8080) // '[::1]:8080'
 */
export function formatHostPort(host: string, port: number | string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Where something happened, for a message, from facts that may be missing: formatHostPort() when
 * both are known, the host or `port N` alone, '' when neither is.
 */
export function placeOf(host: string | undefined, port: number | undefined): string {
  if (host === undefined) return port === undefined ? '' : `port ${port}`;
  if (port === undefined) return host;
  return formatHostPort(host, port);
}
