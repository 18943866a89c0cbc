/** One address to bind or connect to, as getaddrinfo returns it. */
export interface AddrInfo {
  readonly family: 4 | 6;
  /** The address in canonical text form, without a zone. */
  readonly address: string;
  readonly port: number;
  readonly socktype: 'stream' | 'dgram';
  readonly protocol: 'tcp' | 'udp';
  /** The IPv6 zone (`'eth0'` or `'2'`) of a link-local address, as it was given. */
  readonly scopeId?: string;
  /** The canonical name of the host; only on the first entry, and only when asked for. */
  readonly canonName?: string;
}
