import { hostPort } from './internal/endpoint.js';
import { readContext, type SockErrorContext } from './sock-error-context.js';

// Where the failure happened, for a sentence that needs a noun.
const where = (context: SockErrorContext): string =>
  hostPort(context.address ?? context.hostname, context.port) || 'the address';

// The command that shows who holds a TCP port, on the platform the error came from.
function whoListens(port: number | undefined, platform: string): string {
  const p = port === undefined ? 'PORT' : String(port);
  if (platform === 'win32') return `\`netstat -ano | findstr :${p}\``;
  if (platform === 'linux' || platform === 'android') return `\`ss -ltnp 'sport = :${p}'\``;
  return `\`lsof -nP -iTCP:${p} -sTCP:LISTEN\``;
}

const isUnixPath = (address: string | undefined): boolean =>
  address !== undefined &&
  (address.startsWith('/') || address.startsWith('\\\\') || address.startsWith('.'));

type Hint = (context: SockErrorContext, platform: string) => string;

const hints: Readonly<Record<string, Hint>> = {
  EADDRINUSE: (c, platform) =>
    isUnixPath(c.address)
      ? `The socket file ${c.address} exists: if no server is using it, remove it (a server that crashed leaves it behind); otherwise choose another path.`
      : `Another socket is bound to ${where(c)}. Find it with ${whoListens(c.port, platform)} and stop it, choose another port, or use port 0 to let the system pick a free one. If it is a previous instance that is shutting down, retry in a moment.`,
  EACCES: (c, platform) => {
    if (isUnixPath(c.address))
      return `The process may not create or open the socket file ${c.address}: check the permissions of its directory.`;
    if (c.port !== undefined && c.port > 0 && c.port < 1024 && platform !== 'win32')
      return platform === 'linux' || platform === 'android'
        ? `Ports below 1024 are privileged. Use a port from 1024 up (behind a reverse proxy or port forward if clients need ${c.port}), grant the program CAP_NET_BIND_SERVICE (\`setcap cap_net_bind_service=+ep "$(command -v node)"\`, or AmbientCapabilities= in a systemd unit), or lower the sysctl net.ipv4.ip_unprivileged_port_start.`
        : `Ports below 1024 are privileged on this system. Use a port from 1024 up (behind a reverse proxy or port forward if clients need ${c.port}), or start the server with the privilege to bind it.`;
    return `The system refused access to ${where(c)}: a firewall or a security policy (SELinux, AppArmor, Windows excluded port ranges: \`netsh int ipv4 show excludedportrange tcp\`) may forbid it.`;
  },
  EADDRNOTAVAIL: (c) =>
    `${c.address ?? 'The address'} is not an address of this machine. Bind to an address one of its interfaces has (\`ip addr\`, \`ifconfig\`, \`ipconfig\`), to 0.0.0.0 or :: for all of them, or wait until the interface is up.`,
  ENOTFOUND: (c) =>
    `The name ${c.hostname === undefined ? '' : `${c.hostname} `}does not resolve to any address. Check its spelling, /etc/hosts and the DNS configuration; for a local server, use localhost or an IP address.`,
  EAI_AGAIN: () =>
    'The name server did not answer, or failed for now. Retry after a moment; if it persists, check the network and the DNS configuration (/etc/resolv.conf).',
  EAI_FAIL: () =>
    'The name server failed for good. Check the DNS configuration; an IP address avoids the lookup.',
  EAFNOSUPPORT: (c) =>
    `This address family is not available here${c.address !== undefined && c.address.includes(':') ? ': IPv6 seems to be disabled on this machine or in this container' : ''}. Use an IPv4 address such as 127.0.0.1 or 0.0.0.0, or enable IPv6 (on Linux, sysctl net.ipv6.conf.all.disable_ipv6=0).`,
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
 * What to do about an error code, in a sentence or two naming the address, port or host from the
 * context, or `undefined` where there is nothing more useful to say than the message.
 * @example hintFor('EADDRINUSE', { address: '127.0.0.1', port: 8080, platform: 'linux' })
 */
export function hintFor(code: string, context: SockErrorContext = {}): string | undefined {
  if (typeof code !== 'string') return undefined;
  const hint = own(hints, own(sameHint, code) ?? code);
  if (hint === undefined) return undefined;
  const facts = readContext(context);
  return hint(facts, facts.platform ?? process.platform);
}
