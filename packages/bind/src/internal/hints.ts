// The text of the hints explainBindError() gives. Facts behind them:
// - Linux: ports below net.ipv4.ip_unprivileged_port_start (default 1024, since Linux 4.11) need
//   CAP_NET_BIND_SERVICE (man 7 capabilities, Documentation/networking/ip-sysctl.rst).
// - Node sets SO_REUSEADDR on TCP listeners on POSIX (libuv uv__tcp_bind), so connections left in
//   TIME_WAIT never cause EADDRINUSE for a listener there.
// - Windows answers WSAEACCES (10013) for ports inside ranges reserved by Hyper-V, WSL, Docker or
//   WinNAT (listed by `netsh int ipv4 show excludedportrange`) and for ports another socket holds
//   with SO_EXCLUSIVEADDRUSE; ports below 1024 need no administrator there.
// - IPv6 off: net.ipv6.conf.all.disable_ipv6=1, or the kernel booted with ipv6.disable=1 (then
//   /proc/sys/net/ipv6 does not exist and socket(AF_INET6) fails with EAFNOSUPPORT).
import { formatHostPort } from '@sock/errors/unstable-do-not-import';
import type { PortHolder } from '../types.js';

const MAX_NAMED = 3;
const MAX_CMDLINE = 120;
const MAX_ADDRESSES = 12;

const where = (address: string, port: number, protocol: 'tcp' | 'udp'): string =>
  `${formatHostPort(address, port)} (${protocol})`;

function holderText(holder: PortHolder): string {
  const cmdline =
    holder.cmdline === undefined
      ? ''
      : `: ${holder.cmdline.length > MAX_CMDLINE ? `${holder.cmdline.slice(0, MAX_CMDLINE)}…` : holder.cmdline}`;
  const self = holder.pid === process.pid ? ', this process' : '';
  return `${holder.command} (pid ${holder.pid}${self})${cmdline}`;
}

function whoCommand(port: number, protocol: 'tcp' | 'udp', platform: NodeJS.Platform): string {
  if (platform === 'win32') return `\`netstat -ano -p ${protocol} | findstr :${port}\``;
  if (platform === 'linux') {
    return protocol === 'tcp'
      ? `\`sudo ss -ltnp 'sport = :${port}'\``
      : `\`sudo ss -lunp 'sport = :${port}'\``;
  }
  return protocol === 'tcp'
    ? `\`lsof -nP -iTCP:${port} -sTCP:LISTEN\``
    : `\`lsof -nP -iUDP:${port}\``;
}

/** EADDRINUSE. */
export function addressInUseHint(facts: {
  readonly address: string;
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  readonly platform: NodeJS.Platform;
  readonly holders: readonly PortHolder[];
  readonly hiddenUids: readonly number[];
  readonly inspected: boolean;
}): string {
  const { address, port, protocol, platform, holders, hiddenUids } = facts;
  const parts: string[] = [];
  if (holders.length > 0) {
    const named = holders.slice(0, MAX_NAMED).map(holderText).join('; ');
    const more = holders.length > MAX_NAMED ? ` and ${holders.length - MAX_NAMED} more` : '';
    parts.push(`${where(address, port, protocol)} is held by ${named}${more}.`);
  } else if (hiddenUids.length > 0) {
    parts.push(
      `${where(address, port, protocol)} is held by a process of uid ${hiddenUids.join(', ')} that this process may not inspect; ${whoCommand(port, protocol, platform)} names it.`,
    );
  } else if (facts.inspected) {
    parts.push(
      `No socket on this host holds ${where(address, port, protocol)} now: it was released after the attempt, or is held in another network namespace (a container). Retry, or see ${whoCommand(port, protocol, platform)}.`,
    );
  } else {
    parts.push(
      `${where(address, port, protocol)} is in use; ${whoCommand(port, protocol, platform)} names the holder.`,
    );
  }
  parts.push(
    holders.length > 0 && holders.every((holder) => holder.pid === process.pid)
      ? 'This process holds it already: close the earlier server or binding first, or pass port 0 or a range to get a free port.'
      : 'Stop that process, choose another port, or pass port 0 or a range to get a free one.',
  );
  parts.push(
    protocol === 'tcp'
      ? 'If several processes should share the port on purpose, set `reusePort: true` in each of them.'
      : 'If several sockets should share the port on purpose (multicast), set `reuseAddr: true` (or `reusePort: true`) in each of them.',
  );
  if (protocol === 'tcp' && platform !== 'win32' && holders.length === 0) {
    parts.push('Connections in TIME_WAIT are not the cause: Node sets SO_REUSEADDR on listeners.');
  }
  return parts.join(' ');
}

/** EACCES. */
export function permissionHint(facts: {
  readonly address: string;
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  readonly platform: NodeJS.Platform;
  /** net.ipv4.ip_unprivileged_port_start as read on this host, if it was. */
  readonly unprivilegedStart: number | undefined;
}): string {
  const { address, port, protocol, platform, unprivilegedStart } = facts;
  if (platform === 'win32') {
    return `Windows refused ${where(address, port, protocol)}: the port may lie in a range reserved for Hyper-V, WSL, Docker or WinNAT, which nothing shows as in use, or another socket holds it for exclusive use. List the reserved ranges with \`netsh int ipv4 show excludedportrange protocol=${protocol}\` and choose a port outside them.`;
  }
  if (platform === 'linux') {
    const start = unprivilegedStart ?? 1024;
    const current =
      unprivilegedStart === undefined
        ? '(net.ipv4.ip_unprivileged_port_start, usually 1024)'
        : `(net.ipv4.ip_unprivileged_port_start = ${unprivilegedStart} here)`;
    if (port > 0 && port < start) {
      return `Port ${port} is privileged on this host: ports below ${start} ${current} need root or CAP_NET_BIND_SERVICE. Allow it with \`sudo setcap 'cap_net_bind_service=+ep' $(which node)\`, or with \`sudo sysctl net.ipv4.ip_unprivileged_port_start=${port}\`, or start as root and call dropPrivileges() after binding, or listen on a port from ${start} up behind a reverse proxy.`;
    }
    return `Port ${port} is not privileged here ${current}, so a security policy refused ${where(address, port, protocol)}: check SELinux (\`semanage port -l\`), AppArmor, seccomp or the container's restrictions.`;
  }
  if (port > 0 && port < 1024) {
    return `Port ${port} is privileged on this system: start as root and call dropPrivileges() after binding, or listen on a port from 1024 up behind a reverse proxy.`;
  }
  return `The system refused ${where(address, port, protocol)}; a security policy or sandbox may forbid it.`;
}

/** EADDRNOTAVAIL. */
export function addressNotAvailableHint(address: string, addresses: readonly string[]): string {
  const listed = addresses.slice(0, MAX_ADDRESSES).join(', ');
  const more =
    addresses.length > MAX_ADDRESSES ? ` and ${addresses.length - MAX_ADDRESSES} more` : '';
  const bare = address.replace(/%.*$/, '').toLowerCase();
  const parts: string[] = [];
  if (addresses.some((a) => a.replace(/%.*$/, '').toLowerCase() === bare)) {
    parts.push(
      `\`${address}\` is an address of this host but could not be bound yet: a new IPv6 address stays unusable until duplicate address detection ends, or its interface is down.`,
    );
  } else {
    parts.push(
      `\`${address}\` is not an address of this host, whose addresses are ${listed}${more}.`,
    );
  }
  if (/^fe[89ab]/i.test(bare) && !address.includes('%')) {
    parts.push('A link-local IPv6 address needs its interface zone, as in `fe80::1%eth0`.');
  }
  if (address.includes(':') && !addresses.some((a) => a.includes(':'))) {
    parts.push(
      'This host has no IPv6 address at all: IPv6 may be disabled (`sysctl net.ipv6.conf.all.disable_ipv6`).',
    );
  }
  parts.push(
    "Bind one of this host's addresses, 'localhost', or a wildcard ('0.0.0.0', '::', '*').",
  );
  return parts.join(' ');
}

/** EAFNOSUPPORT. `disabled` is what net.ipv6.conf.all.disable_ipv6 holds ('absent' when missing). */
export function familyUnsupportedHint(
  address: string,
  family: 4 | 6,
  platform: NodeJS.Platform,
  disabled: string | undefined,
): string {
  if (family === 4) {
    return `This host cannot open IPv4 sockets for \`${address}\`: IPv4 is not available here. Bind an IPv6 address instead.`;
  }
  const fallback =
    "Bind IPv4 addresses instead, or use host 'localhost' with strategy 'all', which skips a family the host lacks.";
  if (disabled === 'absent') {
    return `IPv6 is not available in this kernel (booted with \`ipv6.disable=1\`), so \`${address}\` cannot be bound. ${fallback}`;
  }
  if (disabled === '1') {
    return `IPv6 is disabled on this host (\`sysctl net.ipv6.conf.all.disable_ipv6\` = 1), so \`${address}\` cannot be bound. ${fallback} Enable it with \`sudo sysctl net.ipv6.conf.all.disable_ipv6=0\`.`;
  }
  const check = platform === 'linux' ? ' (check `sysctl net.ipv6.conf.all.disable_ipv6`)' : '';
  return `IPv6 is disabled or unsupported on this host${check}, so \`${address}\` cannot be bound. ${fallback}`;
}
