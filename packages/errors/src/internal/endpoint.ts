/** A host and port as a person would type them, IPv6 in brackets; '' when neither is known. */
export function hostPort(host: string | undefined, port: number | undefined): string {
  if (host === undefined) return port === undefined ? '' : `port ${port}`;
  if (port === undefined) return host;
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
