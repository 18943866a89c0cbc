// SIGHUP: start the program again from disk and hand it the listening sockets, so that a new
// version takes over without a refused connection; this process then drains and exits 0.
import { spawn } from 'node:child_process';
import { announceReady, handOver } from '@sock/bind';
import { toSockError } from '@sock/errors';
import type { ServerConfig } from './cli.js';
import type { Logger } from './logger.js';
import type { StartedServer } from './server.js';
import type { Shutdown } from './shutdown.js';

/**
 * Set in the successor's environment by the predecessor (and removed again at once): the
 * sockets come from the predecessor, not from binding.
 */
export const successorMark = 'SOCK_SERVER_SUCCESSOR';

/** Milliseconds the new process gets to start and serve before the restart is given up. */
export const restartTimeout = 30_000;

/** True in a process that a SIGHUP restart started; clears the mark so its children start fresh. */
export function takeSuccessorMark(): boolean {
  const marked = process.env[successorMark] === '1' && typeof process.send === 'function';
  delete process.env[successorMark];
  return marked;
}

/** Why SIGHUP cannot restart this configuration, or undefined when it can. */
export function restartRefusal(config: ServerConfig): string | undefined {
  if (config.systemd) {
    return 'with --systemd the main pid would change under systemd; run `systemctl restart` instead (the .socket unit keeps the socket open meanwhile, so no connection is refused)';
  }
  if (config.path !== undefined) {
    return 'a Unix socket cannot be handed over: closing it here would remove the socket file';
  }
  if (config.workers > 1) {
    return 'with --workers the listening sockets belong to node:cluster in the primary, and it cannot hand them over';
  }
  if (config.user !== undefined || config.group !== undefined) {
    return 'with --user or --group the new process would start without the privileges it drops';
  }
  return undefined;
}

/** Tells the predecessor that this process serves now (it stops accepting and drains). */
export async function announceServing(logger: Logger): Promise<void> {
  try {
    await announceReady();
    logger.info({ event: 'took-over' }, `took over the listening sockets (pid ${process.pid})`);
  } catch (err) {
    // The predecessor is gone already; this process holds the sockets and serves on.
    logger.warn(
      { event: 'took-over' },
      `serving, but the predecessor could not be told: ${toSockError(err).message}`,
    );
  }
}

/** A cluster primary's SIGHUP: logged and ignored (Node's default would end the process). */
export function refuseRestartSignal(config: ServerConfig, logger: Logger): void {
  process.on('SIGHUP', () => {
    logger.warn({ event: 'restart-refused' }, `SIGHUP ignored: ${restartRefusal(config)}`);
  });
}

/**
 * Installs the SIGHUP handler at once (Node's default for SIGHUP ends the process): before the
 * server is serving, and during a restart, a SIGHUP is logged and ignored.
 */
export function onRestartSignal(options: {
  readonly config: ServerConfig;
  readonly logger: Logger;
  readonly starting: Promise<StartedServer>;
  readonly shutdown: Shutdown;
}): void {
  const { config, logger, shutdown } = options;
  let started: StartedServer | undefined;
  options.starting.then(
    (server) => (started = server),
    () => undefined,
  );
  let restarting = false;
  process.on('SIGHUP', () => {
    const refusal = restartRefusal(config);
    if (refusal !== undefined) {
      logger.warn({ event: 'restart-refused' }, `SIGHUP ignored: ${refusal}`);
      return;
    }
    if (started === undefined || restarting || shutdown.stopping) {
      logger.warn(
        { event: 'restart-refused' },
        `SIGHUP ignored: ${restarting ? 'a restart is under way' : 'not serving'}`,
      );
      return;
    }
    restarting = true;
    void restart(started, logger).then((ok) => {
      if (ok) shutdown.drain('SIGHUP');
      else restarting = false;
    });
  });
}

/** Starts the successor and hands over; true once it serves. */
async function restart(server: StartedServer, logger: Logger): Promise<boolean> {
  const argv = [...process.execArgv, ...process.argv.slice(1)];
  logger.info(
    { event: 'restarting', argv },
    `SIGHUP: starting ${process.execPath} ${argv.join(' ')} and handing it the listening sockets`,
  );
  const child = spawn(process.execPath, argv, {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [successorMark]: '1' },
  });
  try {
    const { pid } = await handOver(server.binding, child, { timeout: restartTimeout });
    logger.info(
      { event: 'restarted', successor: pid },
      `restarted: pid ${pid} serves now; this process (pid ${process.pid}) drains and exits`,
    );
    return true;
  } catch (err) {
    const error = toSockError(err);
    logger.error({ event: 'restart-failed', code: error.code }, `restart failed: ${error.message}`);
    return false;
  }
}
