import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { SockError, hintFor, type HintContext } from '@sock/errors';
import {
  invalidArgument,
  invalidOption,
  validateKnownKeys,
  validateOneOf,
  validateOptionsObject,
  validatePort,
} from '@sock/errors/unstable-do-not-import';
import type { PortHolder } from './types.js';
import { fsPromises } from './internal/builtins.js';
import { canonicalAddress } from './internal/address-conflict.js';
import { findOwners, socketsOnPort, type ProcHolder } from './internal/port-holders.js';
import { windowsExcludedRange, windowsPortHolders } from './internal/windows-port-facts.js';

/** Options of findPortHolders(). */
export interface FindPortHoldersOptions {
  /** `'tcp'` (default: listening sockets only) or `'udp'` (sockets in any state). */
  readonly protocol?: 'tcp' | 'udp';
  /** Only sockets that would refuse a bind to this IP: the same address or a wildcard over it. */
  readonly address?: string;
}

/** What a bind should be explained with: what was bound, where. */
export interface BindErrorContext {
  /** The address the bind was for. */
  readonly address: string;
  /** The port the bind was for. */
  readonly port: number;
  /** The protocol of the bind. */
  readonly protocol: 'tcp' | 'udp';
  /** Explain for this platform instead of the running one; /proc is read only on Linux itself. */
  readonly platform?: NodeJS.Platform;
}

/** What explainBindError() found: a hint, and the facts behind it. */
export interface BindErrorExplanation {
  /** What to do, in a sentence or two; absent where there is nothing to add. */
  hint?: string | undefined;
  /** EADDRINUSE: the processes holding the port, where this host lets us see them. */
  holders?: PortHolder[];
  /** EADDRNOTAVAIL: the addresses this host has. */
  addresses?: string[];
}

const PROTOCOLS = ['tcp', 'udp'] as const;

/** A port that must be given: validatePort() with `undefined` refused too. */
function requiredPort(value: unknown): number {
  const port = validatePort(value, 'port');
  if (port === undefined) {
    throw invalidOption('port', 'an integer from 0 to 65535', value, 'ERR_SOCK_INVALID_PORT');
  }
  return port;
}

function toPortHolder(holder: ProcHolder, protocol: 'tcp' | 'udp'): PortHolder {
  return {
    pid: holder.pid,
    command: holder.command,
    ...(holder.cmdline === undefined ? {} : { cmdline: holder.cmdline }),
    inode: holder.socket.inode,
    address: holder.socket.address,
    port: holder.socket.port,
    protocol,
  };
}

/**
 * Names the processes holding a port on this host (Linux, from /proc/net and /proc/<pid>/fd; `[]`
 * elsewhere, and for sockets of processes this one may not inspect). Never runs a command.
 * @example const [holder] = await findPortHolders(8080); // { pid: 1234, command: 'node', ... }
 */
export async function findPortHolders(
  port: number,
  options: FindPortHoldersOptions = {},
): Promise<PortHolder[]> {
  requiredPort(port);
  validateOptionsObject(options, 'options');
  validateKnownKeys(options, ['protocol', 'address'], 'findPortHolders()');
  const protocol = validateOneOf(options.protocol, 'protocol', PROTOCOLS) ?? 'tcp';
  const { address } = options;
  if (
    address !== undefined &&
    (typeof address !== 'string' || isIP(address.replace(/%.*$/, '')) === 0)
  ) {
    throw invalidOption(
      'address',
      'an IP address such as 127.0.0.1 or ::1',
      address,
      'ERR_SOCK_INVALID_HOST',
    );
  }
  if (process.platform !== 'linux' || port === 0) return [];
  const sockets = await socketsOnPort(port, protocol, address);
  return (await findOwners(sockets)).map((holder) => toPortHolder(holder, protocol));
}

async function readSysctl(path: string): Promise<string | undefined> {
  try {
    return (await fsPromises().readFile(path, 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/** True when this process runs as root (POSIX), where `sudo` in a command is noise. */
const isRoot = (): boolean => process.getuid?.() === 0;

/** This host's interface addresses, link-local IPv6 ones with their zone so they can be bound. */
function hostAddresses(): string[] {
  const addresses: string[] = [];
  for (const [name, infos] of Object.entries(networkInterfaces())) {
    for (const info of infos ?? []) {
      const linkLocal = info.family === 'IPv6' && /^fe[89ab]/i.test(info.address);
      addresses.push(
        linkLocal && !info.address.includes('%') ? `${info.address}%${name}` : info.address,
      );
    }
  }
  return addresses;
}

/**
 * Explains why a bind failed and what to do: who holds the port (EADDRINUSE; on Windows from
 * `netstat -ano` and `tasklist`), how to allow a privileged port or which Windows excluded range
 * holds it (EACCES; from `netsh int ipv4 show excludedportrange`), this host's addresses
 * (EADDRNOTAVAIL), a disabled address family (EAFNOSUPPORT); for other codes, hintFor()'s advice
 * or `{}`. Winsock spellings (WSAEADDRINUSE) count as their POSIX names.
 *
 * @example
 * server.on('error', async (err) => {
 *   const { hint } = await explainBindError(err, { address: '0.0.0.0', port: 80, protocol: 'tcp' });
 *   console.error(err.message, hint);
 * });
 */
export async function explainBindError(
  error: SockError,
  context: BindErrorContext,
): Promise<BindErrorExplanation> {
  const code: unknown = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') {
    throw invalidArgument('error', 'a SockError (an error with a string `code`)', error);
  }
  if (typeof context !== 'object' || context === null || typeof context.address !== 'string') {
    throw new SockError({
      code: 'ERR_SOCK_INVALID_ARGUMENT',
      message:
        'The `context` argument must be an object with the `address`, `port` and `protocol` of the bind.',
    });
  }
  const port = requiredPort(context.port);
  const protocol = validateOneOf(context.protocol, 'protocol', PROTOCOLS);
  if (protocol === undefined) throw invalidOption('protocol', "'tcp' or 'udp'", undefined);
  const platform = context.platform ?? process.platform;
  // /proc and /proc/sys describe the running host only; an explanation for another platform
  // (tests, tooling) must not mix in this machine's facts.
  const onLinux = platform === 'linux' && process.platform === 'linux';
  // Windows is asked with netstat/tasklist/netsh, run only here, after a failure.
  const onWindows = platform === 'win32' && process.platform === 'win32';
  const { address } = context;
  const family = isIP(address.replace(/%.*$/, '')) === 6 ? 6 : 4;

  // What every hint may use; each case adds what it found on this host.
  const facts: HintContext = {
    address,
    port,
    protocol,
    platform,
    root: platform === process.platform ? isRoot() : undefined,
  };
  switch (code.replace(/^WSA(?=E[A-Z])/, '')) {
    case 'EADDRINUSE': {
      let holders: PortHolder[] = [];
      let hiddenUids: number[] = [];
      if (onLinux && port !== 0) {
        const wanted = canonicalAddress(address) === undefined ? undefined : address;
        const sockets = await socketsOnPort(port, protocol, wanted);
        const owned = await findOwners(sockets);
        holders = owned.map((holder) => toPortHolder(holder, protocol));
        const seen = new Set(owned.map((holder) => holder.socket.inode));
        hiddenUids = [...new Set(sockets.filter((s) => !seen.has(s.inode)).map((s) => s.uid))];
      } else if (onWindows && port !== 0) {
        holders = await windowsPortHolders(port, protocol, address);
      }
      const hint = hintFor('EADDRINUSE', {
        ...facts,
        holders,
        hiddenUids,
        inspected: onLinux,
      });
      return holders.length > 0 ? { hint, holders } : { hint };
    }
    case 'EACCES': {
      if (onWindows && port !== 0) {
        // Which excluded range holds the port, if one does; @sock/errors words the advice.
        const excludedRange = await windowsExcludedRange(port, protocol, family);
        const hint = hintFor('EACCES', { ...facts, excludedRange });
        if (hint !== undefined) return { hint };
      }
      const start = onLinux
        ? Number(await readSysctl('/proc/sys/net/ipv4/ip_unprivileged_port_start'))
        : Number.NaN;
      return {
        hint: hintFor('EACCES', {
          ...facts,
          unprivilegedStart: Number.isInteger(start) ? start : undefined,
        }),
      };
    }
    case 'EADDRNOTAVAIL': {
      const addresses = hostAddresses();
      return { hint: hintFor('EADDRNOTAVAIL', { ...facts, hostAddresses: addresses }), addresses };
    }
    case 'EAFNOSUPPORT': {
      const disabled =
        onLinux && family === 6
          ? ((await readSysctl('/proc/sys/net/ipv6/conf/all/disable_ipv6')) ?? 'absent')
          : undefined;
      return { hint: hintFor('EAFNOSUPPORT', { ...facts, ipv6Disabled: disabled }) };
    }
    default: {
      // Nothing this host can add: the general advice for the code, where there is some.
      const hint = hintFor(code, facts);
      return hint === undefined ? {} : { hint };
    }
  }
}
