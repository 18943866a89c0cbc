import * as net from 'node:net';
import { SockError, toSockError } from '@sock/errors';
import { BindError } from './bind-error.js';
import type { BindAttempt, BoundAddress } from './types.js';
import { BindingImpl, type Binding } from './binding.js';
import type { Cancellation } from './internal/cancel.js';
import { closeHandle } from './internal/listen.js';
import type { NormalizedOptions } from './internal/validate.js';

// sd_listen_fds(3): passed descriptors start at 3 (SD_LISTEN_FDS_START).
const FIRST_FD = 3;

const systemdError = (message: string): SockError =>
  new SockError({
    code: 'ERR_SOCK_SYSTEMD',
    message,
    hint: 'Start the process from a systemd .socket unit, or try it with `systemd-socket-activate -l 127.0.0.1:8080 node server.js`.',
  });

/** Listens on an inherited descriptor; settles once. */
function adopt(fd: number, opts: NormalizedOptions): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    const onError = (err: Error): void => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve(server);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({
      fd,
      ...(opts.backlog !== undefined && { backlog: opts.backlog }),
      ...(opts.exclusive !== undefined && { exclusive: opts.exclusive }),
    });
  });
}

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
  try {
    for (let i = 0; i < count; i++) {
      cancel.check();
      const fd = FIRST_FD + i;
      const name = names[i];
      const label = `fd ${fd}${name === undefined || name === '' ? '' : ` (${name})`}`;
      let server: net.Server;
      try {
        server = await adopt(fd, opts);
      } catch (err) {
        const cause = toSockError(err);
        throw new BindError({
          code: cause.code,
          message: `bind failed with error: ${cause.code} adopting systemd socket ${label}. Only TCP stream sockets can be adopted (ListenStream= in the .socket unit).`,
          cause,
          step: 'listen',
          attempts,
        });
      }
      servers.push(server);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        throw new SockError({
          code: 'ERR_SOCK_UNSUPPORTED',
          message: `The systemd socket ${label} is not an IP socket (${String(address)}); bind() adopts TCP sockets on IPv4 or IPv6 only.`,
        });
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
  } catch (err) {
    await Promise.all(servers.map(closeHandle));
    throw err;
  }
  return new BindingImpl({
    protocol: 'tcp',
    addresses,
    servers,
    sockets: [],
    candidates: [],
    attempts,
  });
}
