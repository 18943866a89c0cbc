/** One address to bind or connect to, as getaddrinfo returns it. */
export interface AddrInfo {
  /** The address family: 4 or 6. */
  readonly family: 4 | 6;
  /** The address in canonical text form, without a zone. */
  readonly address: string;
  /** The port, from the service. */
  readonly port: number;
  /** The socket type: `'stream'` (TCP) or `'dgram'` (UDP). */
  readonly socktype: 'stream' | 'dgram';
  /** The protocol that goes with the socket type. */
  readonly protocol: 'tcp' | 'udp';
  /** The IPv6 zone (`'eth0'` or `'2'`) of a link-local address, as it was given. */
  readonly scopeId?: string;
  /** The canonical name of the host; only on the first entry, and only when asked for. */
  readonly canonName?: string;
}
