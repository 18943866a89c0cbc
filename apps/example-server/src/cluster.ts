import type { Cluster, Worker } from 'node:cluster';
import { dropPrivileges } from '@sock/bind';
import { toSockError } from '@sock/errors';
import type { ServerConfig } from './cli.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import type { Logger } from './logger.js';
import { forcedExitCode, type StopSignal } from './shutdown.js';

/** A message from the primary to its workers. */
export interface ClusterMessage {
  readonly sock: 'stop' | 'force';
  readonly signal: StopSignal;
}

/** A worker's message to the primary: it is bound and serving. */
export interface WorkerReadyMessage {
  readonly sock: 'ready';
}

/** True for a worker's "ready" message. */
export function isWorkerReady(value: unknown): value is WorkerReadyMessage {
  return (
    typeof value === 'object' && value !== null && (value as { sock?: unknown }).sock === 'ready'
  );
}

/** True for a message this program's primary sent. */
export function isClusterMessage(value: unknown): value is ClusterMessage {
  const m = value as Partial<ClusterMessage> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    (m.sock === 'stop' || m.sock === 'force') &&
    (m.signal === 'SIGINT' || m.signal === 'SIGTERM')
  );
}

/**
 * Runs the cluster primary: forks `config.workers` workers, each of which binds with the same
 * options (node:cluster shares the listening handles, port 0 included), relays stop signals, logs
 * worker deaths without restarting, and exits when the last worker has, with the first failure's code.
 */
export function runPrimary(
  cluster: Cluster,
  config: ServerConfig,
  logger: Logger,
  exit: (code: ExitCode) => void,
): void {
  logger.info(
    { event: 'primary', workers: config.workers },
    `primary pid ${process.pid}: starting ${config.workers} workers`,
  );
  let stopSignal: StopSignal | undefined;
  let exitCode: ExitCode = exitCodes.ok;
  const workers = new Set<Worker>();
  const ready = new Set<Worker>();
  let dropped = config.user === undefined && config.group === undefined;

  // In a cluster the primary holds the listening sockets; once every living worker has its
  // listeners (so nothing more needs binding), the primary gives up root as the workers did.
  const dropWhenListening = (): void => {
    if (dropped || ready.size === 0 || ready.size < workers.size) return;
    dropped = true;
    try {
      const ids = dropPrivileges({
        ...(config.user === undefined ? {} : { user: config.user }),
        ...(config.group === undefined ? {} : { group: config.group }),
      });
      logger.info(
        { event: 'privileges', ...ids },
        `primary dropped privileges to uid ${ids.uid}, gid ${ids.gid}`,
      );
    } catch (err) {
      const error = toSockError(err);
      logger.error(
        { event: 'failed', code: error.code, exitCode: exitCodes.noPermission },
        `primary could not drop privileges: ${error.message}`,
      );
      for (const worker of workers) worker.process.kill('SIGKILL');
      exit(exitCodes.noPermission);
    }
  };
  cluster.on('message', (worker, message: unknown) => {
    if (!isWorkerReady(message)) return;
    ready.add(worker);
    dropWhenListening();
  });

  cluster.on('exit', (worker, code, signal) => {
    workers.delete(worker);
    ready.delete(worker);
    dropWhenListening();
    const how = signal === null ? `code ${code}` : `signal ${signal}`;
    const expected = stopSignal !== undefined && code === 0;
    logger[expected ? 'info' : 'warn'](
      { event: 'worker-exit', worker: worker.id, workerPid: worker.process.pid, code, signal },
      `worker ${worker.id} (pid ${worker.process.pid ?? '?'}) exited with ${how}${expected ? '' : '; it is not restarted'}`,
    );
    if (exitCode === exitCodes.ok && (code !== 0 || signal !== null)) {
      exitCode = signal === null && isExitCode(code) ? code : exitCodes.software;
    }
    if (workers.size === 0) exit(exitCode);
  });

  const onSignal = (signal: StopSignal): void => {
    if (stopSignal !== undefined) {
      const code = forcedExitCode(signal);
      logger.warn(
        { event: 'forced', signal, exitCode: code },
        `${signal} again: killing ${workers.size} workers, exit code ${code}`,
      );
      for (const worker of workers) worker.process.kill('SIGKILL');
      exit(code);
      return;
    }
    stopSignal = signal;
    logger.info(
      { event: 'stopping', signal },
      `${signal}: telling ${workers.size} workers to drain; send it again to force the exit`,
    );
    // Relayed as a message, not a signal: on Ctrl-C the workers also get SIGINT from the terminal,
    // and two signals would look like a forced stop to them.
    const message: ClusterMessage = { sock: 'stop', signal };
    for (const worker of workers) if (worker.isConnected()) worker.send(message);
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  for (let i = 0; i < config.workers; i++) workers.add(cluster.fork());
}

/** What a process in a cluster uses of node:cluster, loaded only by a cluster. */
export interface Clustering {
  /** This process's worker id; 0 in the primary. */
  readonly workerId: number;
  /** True in the process that forks the workers. */
  readonly isPrimary: boolean;
  /** Runs the primary (see {@link runPrimary}). */
  runPrimary(config: ServerConfig, logger: Logger, exit: (code: ExitCode) => void): void;
  /** Tells the primary that this worker is bound and serving. */
  reportReady(): void;
}

/**
 * Loads node:cluster (and the child_process machinery under it): only a cluster pays for it, so a
 * single process starts faster.
 */
export async function loadClustering(): Promise<Clustering> {
  const { default: cluster } = await import('node:cluster');
  return {
    workerId: cluster.worker?.id ?? 0,
    isPrimary: cluster.isPrimary,
    runPrimary: (config, logger, exit) => runPrimary(cluster, config, logger, exit),
    reportReady() {
      const message: WorkerReadyMessage = { sock: 'ready' };
      if (cluster.isWorker && process.send !== undefined) process.send(message);
    },
  };
}

const knownCodes = new Set<number>(Object.values(exitCodes));
function isExitCode(code: number): code is ExitCode {
  return knownCodes.has(code);
}
