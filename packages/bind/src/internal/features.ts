// Node added `reusePort` to `server.listen()` (nodejs/node#55408) and to `dgram.createSocket()`
// (nodejs/node#55403) in v23.1.0, backported to v22.12.0. Older versions silently ignore the key,
// so the version decides; a silently ignored option is what this check exists to prevent.
const SINCE: readonly (readonly [major: number, minor: number])[] = [
  [22, 12],
  [23, 1],
];

// libuv implements SO_REUSEPORT load balancing only where the kernel balances between sockets;
// elsewhere Node fails the listen with ENOTSUP (nodejs/node#61018).
const PLATFORMS: ReadonlySet<NodeJS.Platform> = new Set(['linux', 'freebsd', 'sunos', 'aix']);

/** True when this Node version accepts `reusePort` for servers and UDP sockets. */
export function nodeHasReusePort(version: string = process.versions.node): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major >= 24) return true;
  return SINCE.some(([m, n]) => major === m && minor >= n);
}

/** Undefined when `reusePort` can be honoured here; otherwise the message saying why not. */
export function reusePortSupport(
  protocol: 'tcp' | 'udp',
  version: string = process.versions.node,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  if (!nodeHasReusePort(version)) {
    return `The \`reusePort\` option needs Node.js 22.12 or 23.1 and later for ${protocol.toUpperCase()} (this is ${version}); upgrade Node or drop the option.`;
  }
  if (!PLATFORMS.has(platform)) {
    return `The \`reusePort\` option is not supported on ${platform} (SO_REUSEPORT balancing exists on Linux, FreeBSD, Solaris and AIX); drop the option.`;
  }
  return undefined;
}
