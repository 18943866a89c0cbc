// The status page's facts: what the JSON form carries and the HTML form shows.

/** An address the server listens on, as the status page shows it. */
export interface StatusAddress {
  readonly family: 4 | 6;
  readonly address: string;
  readonly port: number;
}

/** An address the resolver gave, as the status page shows it. */
export interface StatusCandidate extends StatusAddress {
  readonly protocol: 'tcp' | 'udp';
}

/** One bind attempt, as the status page shows it. */
export interface StatusAttempt extends StatusAddress {
  readonly outcome: 'bound' | 'failed' | 'skipped' | 'released';
  /** The error code of a failed or skipped attempt. */
  readonly code?: string | undefined;
}

/** The status page's facts, in the shape its JSON form has. */
export interface Status {
  readonly server: 'sock-server';
  readonly version: string;
  readonly pid: number;
  readonly worker: number;
  readonly addresses: readonly StatusAddress[];
  readonly urls: readonly string[];
  readonly candidates: readonly StatusCandidate[];
  readonly attempts: readonly StatusAttempt[];
  readonly uptime: number;
  readonly connections: number;
  readonly requests: number;
  readonly draining: boolean;
}
