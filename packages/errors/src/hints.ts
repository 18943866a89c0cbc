// Every hint of sock is worded here, and only here: callers pass the facts they know (the
// protocol, who holds a port, the host's addresses, a sysctl's value) and get one wording.
// Facts behind the wording:
// - Linux: ports below net.ipv4.ip_unprivileged_port_start (default 1024, since Linux 4.11) need
//   CAP_NET_BIND_SERVICE (man 7 capabilities, Documentation/networking/ip-sysctl.rst).
// - `ss -p` shows the process of a socket only to its owner or root, so the command that names a
//   holder is `sudo ss -ltnp` (`-lunp` for UDP) unless the process is root already: without sudo
//   it prints the socket but not who holds it, which is the one fact the reader needs.
// - Node sets SO_REUSEADDR on TCP listeners on POSIX (libuv uv__tcp_bind), so connections left in
//   TIME_WAIT never cause EADDRINUSE for a listener there.
// - Windows answers WSAEACCES (10013) for ports inside ranges reserved by Hyper-V, WSL, Docker or
//   WinNAT (`netsh int ipv4 show excludedportrange`) and for ports another socket holds with
//   SO_EXCLUSIVEADDRUSE; ports below 1024 need no administrator there.
// - IPv6 off: net.ipv6.conf.all.disable_ipv6=1, or the kernel booted with ipv6.disable=1 (then
//   /proc/sys/net/ipv6 does not exist and socket(AF_INET6) fails with EAFNOSUPPORT).
import { placeOf } from './host-port.js';
import { readHintContext, type HintContext, type PortHolderFacts } from './hint-context.js';

export type { ExcludedPortRangeFacts, HintContext, PortHolderFacts } from './hint-context.js';

const MAX_NAMED = 3;
const MAX_CMDLINE = 120;
const MAX_ADDRESSES = 12;

// Where the failure happened, for a sentence that needs a noun: `127.0.0.1:8080 (tcp)`.
const where = (c: HintContext): string => {
  const place = placeOf(c.address ?? c.hostname, c.port) || 'the address';
  return c.protocol === undefined ? place : `${place} (${c.protocol})`;
};

// The command that names who holds a port, on the platform the error came from.
function whoHolds(c: HintContext, platform: string): string {
  const p = c.port === undefined ? 'PORT' : String(c.port);
  const protocol = c.protocol ?? 'tcp';
  if (platform === 'win32') {
    return c.protocol === undefined
      ? `\`netstat -ano | findstr :${p}\``
      : `\`netstat -ano -p ${protocol} | findstr :${p}\``;
  }
  if (platform === 'linux' || platform === 'android') {
    const sudo = c.root === true ? '' : 'sudo ';
    return `\`${sudo}ss -l${protocol === 'tcp' ? 't' : 'u'}np 'sport = :${p}'\``;
  }
  return protocol === 'tcp' ? `\`lsof -nP -iTCP:${p} -sTCP:LISTEN\`` : `\`lsof -nP -iUDP:${p}\``;
}

const isUnixPath = (address: string | undefined): boolean =>
  address !== undefined &&
  (address.startsWith('/') || address.startsWith('\\\\') || address.startsWith('.'));

function holderText(holder: PortHolderFacts): string {
  const cmdline =
    holder.cmdline === undefined
      ? ''
      : `: ${holder.cmdline.length > MAX_CMDLINE ? `${holder.cmdline.slice(0, MAX_CMDLINE)}…` : holder.cmdline}`;
  const self = holder.pid === process.pid ? ', this process' : '';
  return `${holder.command} (pid ${holder.pid}${self})${cmdline}`;
}

function addressInUse(c: HintContext, platform: string): string {
  if (isUnixPath(c.address))
    return `The socket file ${c.address} exists: if no server is using it, remove it (a server that crashed leaves it behind); otherwise choose another path.`;
  const holders = c.holders ?? [];
  const hidden = c.hiddenUids ?? [];
  const parts: string[] = [];
  if (holders.length > 0) {
    const named = holders.slice(0, MAX_NAMED).map(holderText).join('; ');
    const more = holders.length > MAX_NAMED ? ` and ${holders.length - MAX_NAMED} more` : '';
    parts.push(`${where(c)} is held by ${named}${more}.`);
  } else if (hidden.length > 0) {
    parts.push(
      `${where(c)} is held by a process of uid ${hidden.join(', ')} that this process may not inspect; ${whoHolds(c, platform)} names it.`,
    );
  } else if (c.inspected === true) {
    parts.push(
      `No socket on this host holds ${where(c)} now: it was released after the attempt, or is held in another network namespace (a container). Retry, or see ${whoHolds(c, platform)}.`,
    );
  } else {
    parts.push(`Another socket is bound to ${where(c)}; ${whoHolds(c, platform)} names it.`);
  }
  parts.push(
    holders.length > 0 && holders.every((holder) => holder.pid === process.pid)
      ? 'This process holds it already: close the earlier server or binding first, or use port 0 or a range to get a free port.'
      : 'Stop that process, choose another port, or use port 0 to let the system pick a free one. If it is a previous instance that is shutting down, retry in a moment.',
  );
  if (c.protocol !== undefined) {
    parts.push(
      c.protocol === 'tcp'
        ? 'If several processes should share the port on purpose, set `reusePort: true` in each of them.'
        : 'If several sockets should share the port on purpose (multicast), set `reuseAddr: true` (or `reusePort: true`) in each of them.',
    );
  }
  if (c.protocol === 'tcp' && platform !== 'win32' && holders.length === 0) {
    parts.push('Connections in TIME_WAIT are not the cause: Node sets SO_REUSEADDR on listeners.');
  }
  return parts.join(' ');
}

function permissionDenied(c: HintContext, platform: string): string {
  if (isUnixPath(c.address))
    return `The process may not create or open the socket file ${c.address}: check the permissions of its directory.`;
  const port = c.port ?? 0;
  if (platform === 'win32' && c.excludedRange !== undefined) {
    const { start, end, administered } = c.excludedRange;
    const family = c.address?.includes(':') === true ? 'ipv6' : 'ipv4';
    const protocol = c.protocol ?? 'tcp';
    const range = start === end ? `port ${start}` : `ports ${start}-${end}`;
    const by = administered
      ? 'an administrator excluded'
      : 'Windows reserved (for Hyper-V, WSL, Docker or WinNAT)';
    const undo = administered
      ? ` An administrator can lift it with \`netsh int ${family} delete excludedportrange protocol=${protocol} startport=${start} numberofports=${end - start + 1}\`.`
      : '';
    return `Windows refused ${where(c)} because ${by} ${range}; nothing shows such a port as in use. Choose a port outside the range (\`netsh int ${family} show excludedportrange protocol=${protocol}\` lists them all), or pass port 0 or a range to get a free one.${undo}`;
  }
  if (platform === 'win32') {
    return `Windows refused ${where(c)}: the port may lie in a range reserved for Hyper-V, WSL, Docker or WinNAT, which nothing shows as in use, or another socket holds it for exclusive use. List the reserved ranges with \`netsh int ipv4 show excludedportrange protocol=${c.protocol ?? 'tcp'}\` and choose a port outside them.`;
  }
  if (platform === 'linux' || platform === 'android') {
    const start = c.unprivilegedStart ?? 1024;
    const current =
      c.unprivilegedStart === undefined
        ? '(net.ipv4.ip_unprivileged_port_start, usually 1024)'
        : `(net.ipv4.ip_unprivileged_port_start = ${c.unprivilegedStart} here)`;
    if (port > 0 && port < start && c.root !== true) {
      return `Port ${port} is privileged on this host: ports below ${start} ${current} need root or CAP_NET_BIND_SERVICE. Allow it with \`sudo setcap 'cap_net_bind_service=+ep' $(which node)\` (or AmbientCapabilities= in a systemd unit), or with \`sudo sysctl net.ipv4.ip_unprivileged_port_start=${port}\`, or start as root and drop privileges after binding (dropPrivileges() of @sock/bind), or listen on a port from ${start} up behind a reverse proxy.`;
    }
    return `${port > 0 && port < start ? `The process is root, so port ${port} being privileged is not the cause: ` : `Port ${port} is not privileged here ${current}, so `}a security policy refused ${where(c)}: check the firewall, SELinux (\`semanage port -l\`), AppArmor, seccomp or the container's restrictions.`;
  }
  if (port > 0 && port < 1024 && c.root !== true) {
    return `Port ${port} is privileged on this system: ports below 1024 need root. Start as root and drop privileges after binding, or listen on a port from 1024 up behind a reverse proxy.`;
  }
  return `The system refused ${where(c)}: a firewall, a security policy or a sandbox may forbid it.`;
}

function addressNotAvailable(c: HintContext): string {
  const address = c.address ?? 'The address';
  const parts: string[] = [];
  const bare = address.replace(/%.*$/, '').toLowerCase();
  const known = c.hostAddresses;
  if (known === undefined) {
    parts.push(
      `${address} is not an address of this machine (see \`ip addr\`, \`ifconfig\` or \`ipconfig\`), or its interface is not up yet.`,
    );
  } else if (known.some((a) => a.replace(/%.*$/, '').toLowerCase() === bare)) {
    parts.push(
      `${address} is an address of this host but could not be bound yet: a new IPv6 address stays unusable until duplicate address detection ends, or its interface is down.`,
    );
  } else {
    const listed = known.slice(0, MAX_ADDRESSES).join(', ');
    const more = known.length > MAX_ADDRESSES ? ` and ${known.length - MAX_ADDRESSES} more` : '';
    parts.push(`${address} is not an address of this host, whose addresses are ${listed}${more}.`);
  }
  if (/^fe[89ab]/i.test(bare) && !address.includes('%')) {
    parts.push('A link-local IPv6 address needs its interface zone, as in `fe80::1%eth0`.');
  }
  if (known !== undefined && address.includes(':') && !known.some((a) => a.includes(':'))) {
    parts.push(
      'This host has no IPv6 address at all: IPv6 may be disabled (`sysctl net.ipv6.conf.all.disable_ipv6`).',
    );
  }
  parts.push(
    "Bind one of this host's addresses, 'localhost', or a wildcard ('0.0.0.0', '::', '*').",
  );
  return parts.join(' ');
}

function familyUnsupported(c: HintContext, platform: string): string {
  const address = c.address ?? 'the address';
  const family = c.address !== undefined && c.address.includes(':') ? 6 : 4;
  if (c.address !== undefined && family === 4) {
    return `This host cannot open IPv4 sockets for ${address}: IPv4 is not available here. Bind an IPv6 address instead.`;
  }
  const fallback =
    "Bind an IPv4 address such as 127.0.0.1 or 0.0.0.0 instead, or use host 'localhost' with strategy 'all', which skips a family the host lacks.";
  if (c.ipv6Disabled === 'absent') {
    return `IPv6 is not available in this kernel (booted with \`ipv6.disable=1\`), so ${address} cannot be bound. ${fallback}`;
  }
  if (c.ipv6Disabled === '1') {
    return `IPv6 is disabled on this host (\`sysctl net.ipv6.conf.all.disable_ipv6\` = 1), so ${address} cannot be bound. ${fallback} Enable it with \`sudo sysctl net.ipv6.conf.all.disable_ipv6=0\`.`;
  }
  const check = platform === 'linux' ? ' (check `sysctl net.ipv6.conf.all.disable_ipv6`)' : '';
  return `IPv6 seems to be disabled or unsupported on this host or in this container${check}, so ${address} cannot be bound. ${fallback}`;
}

type Hint = (context: HintContext, platform: string) => string;

const hints: Readonly<Record<string, Hint>> = {
  EADDRINUSE: addressInUse,
  EACCES: permissionDenied,
  EADDRNOTAVAIL: addressNotAvailable,
  EAFNOSUPPORT: familyUnsupported,
  ENOTFOUND: (c) =>
    `The name ${c.hostname === undefined ? '' : `${c.hostname} `}does not resolve to any address. Check its spelling, /etc/hosts and the DNS configuration; for a local server, use localhost or an IP address.`,
  EAI_AGAIN: () =>
    'The name server did not answer, or failed for now. Retry after a moment; if it persists, check the network and the DNS configuration (/etc/resolv.conf).',
  EAI_FAIL: () =>
    'The name server failed for good. Check the DNS configuration; an IP address avoids the lookup.',
  EMFILE: () =>
    'The process has run out of file descriptors. Close sockets and files you no longer need, or raise the limit (`ulimit -n`, LimitNOFILE= in a systemd unit).',
  ENFILE: () =>
    'The whole system has run out of file descriptors. Close what is not needed or raise the limit (sysctl fs.file-max on Linux).',
  ECONNREFUSED: (c) =>
    `Nothing accepts connections on ${where(c)}. Check that the server runs and listens on that address and port (a server on 127.0.0.1 does not answer on ::1, nor the other way round), and that no firewall rejects the connection.`,
  ETIMEDOUT: (c) =>
    `${where(c)} did not answer in time: the host may be down or unreachable, or a firewall may drop the packets. Check the address and the network, then retry.`,
  ECONNRESET: () =>
    'The peer closed the connection abruptly. Retrying on a new connection can succeed; if it keeps happening, look at the peer’s logs.',
  ENETUNREACH: (c) =>
    `No route to the network of ${where(c)}. Check the address and this machine's routes; for IPv6, check that the machine has IPv6 connectivity.`,
  EHOSTUNREACH: (c) =>
    `No route to ${where(c)}. Check that the host is up and that no firewall blocks it.`,
  ENOENT: (c) =>
    isUnixPath(c.address)
      ? `The socket path ${c.address} does not exist, or its directory does not: create the directory, or start the server that creates the socket.`
      : 'A file or directory the call needs does not exist.',
  EPERM: () =>
    'The system does not permit the operation: a security policy, a missing capability, or a firewall rule may forbid it.',
  EINVAL: (c) =>
    `The system rejected an argument of ${c.syscall ?? 'the call'}: the socket may already be bound or listening, or an option does not fit the address family.`,
};

// Node's ENOTFOUND covers both getaddrinfo codes that mean "no such name".
const sameHint: Readonly<Record<string, string>> = {
  EAI_NONAME: 'ENOTFOUND',
  EAI_NODATA: 'ENOTFOUND',
  EAI_ADDRFAMILY: 'ENOTFOUND',
  WSAEADDRINUSE: 'EADDRINUSE',
  WSAEACCES: 'EACCES',
  WSAEADDRNOTAVAIL: 'EADDRNOTAVAIL',
  WSAEAFNOSUPPORT: 'EAFNOSUPPORT',
  WSAEMFILE: 'EMFILE',
  WSAECONNREFUSED: 'ECONNREFUSED',
  WSAETIMEDOUT: 'ETIMEDOUT',
  WSAHOST_NOT_FOUND: 'ENOTFOUND',
  WSATRY_AGAIN: 'EAI_AGAIN',
  EWOULDBLOCK: 'EAGAIN',
};

const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

/**
 * What to do about an error code, in a sentence or two, or `undefined` where there is nothing more
 * useful to say than the message. The one place sock words advice: pass the facts you know (the
 * address, port and protocol; for a bind, who holds the port, the host's addresses, the sysctl
 * values read) and the hint names them. `root` defaults to whether this process runs as root when
 * the hint is for the running platform.
 * @example hintFor('EADDRINUSE', { address: '127.0.0.1', port: 8080, protocol: 'tcp', holders })
 */
export function hintFor(code: string, context: HintContext = {}): string | undefined {
  if (typeof code !== 'string') return undefined;
  const hint = own(hints, own(sameHint, code) ?? code);
  if (hint === undefined) return undefined;
  const facts = readHintContext(context);
  const platform = facts.platform ?? process.platform;
  const root = facts.root ?? (platform === process.platform ? process.getuid?.() === 0 : undefined);
  return hint({ ...facts, root }, platform);
}
