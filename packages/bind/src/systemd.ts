import type * as net from 'node:net';
import { SockError, toSockError } from '@sock/errors';
import { BindError } from './bind-error.js';
import type { BindAttempt, BoundAddress } from './types.js';
import { createBinding, type Binding } from './binding.js';
import type { Cancellation } from './internal/cancel.js';
import { closeHandle, listenServer } from './internal/listen.js';
import { unixSocketPathOfFd } from './socket-path.js';
import type { NormalizedOptions } from './internal/validate.js';

// sd_listen_fds(3): passed descriptors start at 3 (SD_LISTEN_FDS_START).
const FIRST_FD = 3;

const systemdError = (message: string): SockError =>
  new SockError({
    code: 'ERR_SOCK_SYSTEMD',
    message,
    hint: 'Start the process from a systemd .socket unit, or try it with `systemd-socket-activate -l 127.0.0.1:8080 node server.js`.',
  });

/**
 * Adopts the sockets systemd passed (LISTEN_PID, LISTEN_FDS, LISTEN_FDNAMES), then unsets those
 * variables as sd_listen_fds(1) does, so that child processes do not take them for their own.
 */
export async function adoptSystemdSockets(
  opts: NormalizedOptions,
  cancel: Cancellation,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Binding> {
  if (opts.protocol === 'udp') {
    throw new SockError({
      code: 'ERR_SOCK_UNSUPPORTED',
      message:
        "`systemd: true` with `protocol: 'udp'` is not supported: Node's dgram cannot adopt an inherited file descriptor (dgram.createSocket has no `fd` option).",
    });
  }
  const pid = env['LISTEN_PID'];
  const fds = env['LISTEN_FDS'];
  if (pid === undefined || fds === undefined) {
    throw systemdError(
      'bind({ systemd: true }) found no sockets: LISTEN_PID and LISTEN_FDS are not set, so this process was not started by socket activation.',
    );
  }
  if (!/^\d+$/.test(pid) || Number(pid) !== process.pid) {
    throw systemdError(
      `The sockets in LISTEN_FDS are meant for process \`${pid}\`, not this one (${process.pid}); a parent passed its environment on without unsetting them.`,
    );
  }
  const count = /^\d+$/.test(fds) ? Number(fds) : Number.NaN;
  if (!(count >= 1 && count <= 4096)) {
    throw systemdError(`LISTEN_FDS must be a count of passed sockets, got \`${fds}\`.`);
  }
  const names = env['LISTEN_FDNAMES']?.split(':') ?? [];
  delete env['LISTEN_PID'];
  delete env['LISTEN_FDS'];
  delete env['LISTEN_FDNAMES'];

  const servers: net.Server[] = [];
  const addresses: BoundAddress[] = [];
  const attempts: BindAttempt[] = [];
  const paths: string[] = [];
  try {
    for (let i = 0; i < count; i++) {
      cancel.check();
      const fd = FIRST_FD + i;
      const name = names[i];
      const label = `fd ${fd}${name === undefined || name === '' ? '' : ` (${name})`}`;
      // Read before adopting: a connection accepted while this awaited, with no listener on the
      // server yet, would be lost.
      const unixPath = await unixSocketPathOfFd(fd);
      let server: net.Server;
      try {
        server = await listenServer({ fd }, opts);
      } catch (err) {
        const cause = toSockError(err);
        throw new BindError({
          code: cause.code,
          message: `bind failed with error: ${cause.code} adopting systemd socket ${label}. Only stream sockets can be adopted: TCP or Unix (ListenStream= in the .socket unit).`,
          cause,
          step: 'listen',
          attempts,
        });
      }
      servers.push(server);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        // ListenStream=/path: a Unix socket, known by its inode in /proc/net/unix.
        const path = unixPath;
        if (path === undefined) {
          throw new SockError({
            code: 'ERR_SOCK_UNSUPPORTED',
            message: `The systemd socket ${label} is neither an IP socket nor a Unix socket with a path; bind() adopts TCP sockets and Unix stream sockets (ListenStream=/path).`,
          });
        }
        paths.push(path);
        continue;
      }
      const bound: BoundAddress = {
        family: address.family === 'IPv6' ? 6 : 4,
        address: address.address,
        port: address.port,
      };
      addresses.push(bound);
      const attempt: BindAttempt = { ...bound, outcome: 'bound' };
      attempts.push(attempt);
      opts.onAttempt?.(attempt);
    }
    cancel.check();
    if (paths.length > 0 && addresses.length > 0) {
      throw new SockError({
        code: 'ERR_SOCK_UNSUPPORTED',
        message: `systemd passed both IP sockets and Unix sockets (${paths.join(', ')}); one Binding holds one kind. Put them in two .socket units, or use ListenStream= lines of one kind.`,
      });
    }
  } catch (err) {
    await Promise.all(servers.map(closeHandle));
    throw err;
  }
  const [path] = paths;
  if (path !== undefined) {
    return createBinding({
      protocol: 'unix',
      path,
      addresses: [],
      servers,
      sockets: [],
      candidates: [],
      attempts,
    });
  }
  return createBinding({
    protocol: 'tcp',
    addresses,
    servers,
    sockets: [],
    candidates: [],
    attempts,
  });
}
