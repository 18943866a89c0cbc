import { readContext, type SockErrorContext } from './sock-error-context.js';

/** A process that holds a port, as far as a hint needs it (`@sock/bind`'s PortHolder fits). */
export interface PortHolderFacts {
  /** The process id. */
  readonly pid: number;
  /** The short process name (`node`, `nginx`). */
  readonly command: string;
  /** The full command line, where known. */
  readonly cmdline?: string | undefined;
}

/** A range of ports Windows keeps from ordinary binds, as `netsh ... show excludedportrange` lists it. */
export interface ExcludedPortRangeFacts {
  readonly start: number;
  readonly end: number;
  /** Marked `*` by netsh: added by an administrator, not reserved by a service (Hyper-V, WinNAT). */
  readonly administered: boolean;
}

/**
 * What a caller knows about a failure, for hintFor() to word the advice: the facts of
 * SockErrorContext plus what a bind found out on the host. Every field is optional; the hint says
 * more the more it is told.
 */
export interface HintContext extends SockErrorContext {
  /** The protocol of the socket: the command that names a holder differs (`ss -ltnp`/`-lunp`). */
  readonly protocol?: 'tcp' | 'udp' | undefined;
  /** Whether the process runs as root (no `sudo` in commands; privileged ports are not the cause). */
  readonly root?: boolean | undefined;
  /** EADDRINUSE: the processes that hold the port. */
  readonly holders?: readonly PortHolderFacts[] | undefined;
  /** EADDRINUSE: uids of holders this process may not inspect. */
  readonly hiddenUids?: readonly number[] | undefined;
  /** EADDRINUSE: whether this host's sockets were looked through (so no holder means none now). */
  readonly inspected?: boolean | undefined;
  /** EACCES: net.ipv4.ip_unprivileged_port_start as read on this host. */
  readonly unprivilegedStart?: number | undefined;
  /** EACCES on Windows: the excluded port range that holds the port. */
  readonly excludedRange?: ExcludedPortRangeFacts | undefined;
  /** EADDRNOTAVAIL: the addresses this host has. */
  readonly hostAddresses?: readonly string[] | undefined;
  /** EAFNOSUPPORT: what net.ipv6.conf.all.disable_ipv6 holds (`'0'`, `'1'`), `'absent'` when missing. */
  readonly ipv6Disabled?: string | undefined;
}

const field = (context: object, key: string): unknown => {
  try {
    return (context as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
};

const list = <T>(
  value: unknown,
  item: (entry: unknown) => entry is T,
): readonly T[] | undefined => {
  try {
    return Array.isArray(value) ? (value as unknown[]).filter(item) : undefined;
  } catch {
    return undefined;
  }
};

const isHolder = (value: unknown): value is PortHolderFacts =>
  typeof value === 'object' &&
  value !== null &&
  typeof field(value, 'pid') === 'number' &&
  typeof field(value, 'command') === 'string';

const isPort = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535;

const isRange = (value: unknown): value is ExcludedPortRangeFacts => {
  if (typeof value !== 'object' || value === null) return false;
  const start = field(value, 'start');
  const end = field(value, 'end');
  return (
    isPort(start) &&
    isPort(end) &&
    start <= end &&
    typeof field(value, 'administered') === 'boolean'
  );
};

/** The context with each fact kept only where it has the right type (see readContext()). */
export function readHintContext(context: unknown): HintContext {
  const base = readContext(context);
  if (typeof context !== 'object' || context === null) return base;
  const protocol = field(context, 'protocol');
  const root = field(context, 'root');
  const inspected = field(context, 'inspected');
  const start = field(context, 'unprivilegedStart');
  const disabled = field(context, 'ipv6Disabled');
  const range = field(context, 'excludedRange');
  const holders = list(field(context, 'holders'), isHolder)?.map((h) => {
    const cmdline = field(h, 'cmdline');
    return {
      pid: h.pid,
      command: h.command,
      cmdline: typeof cmdline === 'string' ? cmdline : undefined,
    };
  });
  return {
    ...base,
    protocol: protocol === 'tcp' || protocol === 'udp' ? protocol : undefined,
    root: typeof root === 'boolean' ? root : undefined,
    holders,
    hiddenUids: list(field(context, 'hiddenUids'), (u): u is number => typeof u === 'number'),
    inspected: typeof inspected === 'boolean' ? inspected : undefined,
    unprivilegedStart: typeof start === 'number' && Number.isInteger(start) ? start : undefined,
    hostAddresses: list(field(context, 'hostAddresses'), (a): a is string => typeof a === 'string'),
    ipv6Disabled: typeof disabled === 'string' ? disabled : undefined,
    excludedRange: isRange(range)
      ? { start: range.start, end: range.end, administered: range.administered }
      : undefined,
  };
}
