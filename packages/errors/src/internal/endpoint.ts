import { formatHostPort } from '../host-port.js';

/** formatHostPort() for facts that may be missing: '' when neither is known. */
export function hostPort(host: string | undefined, port: number | undefined): string {
  if (host === undefined) return port === undefined ? '' : `port ${port}`;
  if (port === undefined) return host;
  return formatHostPort(host, port);
}
