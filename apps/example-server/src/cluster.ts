import type { ChildProcess } from 'node:child_process';
import type { Cluster, Worker } from 'node:cluster';
import { EventEmitter } from 'node:events';
import { dropPrivileges, handOver } from '@sock/bind';
import { toSockError } from '@sock/errors';
import type { ServerConfig } from './cli.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import type { Logger } from './logger.js';
import { announceServing, isRestartOutcome, restartTimeout, sharedMark } from './restart.js';
import type { StartedServer } from './server.js';
import { forcedExitCode, type StopSignal } from './shutdown.js';

/**
 * How a primary that owns the listening sockets starts: it binds (or adopts its predecessor's
 * sockets) and serves by itself until its workers do.
 */
export interface OwnSockets {
  /** Binds and serves quietly (startServer with `quiet: true`). */
  readonly start: () => Promise<StartedServer>;
  /** True when the sockets came from a predecessor, which is told once the workers serve. */
  readonly inherit: boolean;
  /** Explains a failure to bind and exits. */
  readonly fail: (err: unknown) => Promise<void>;
}

/**
 * True when the primary binds the listening sockets itself and hands them to its workers (and, on
 * SIGHUP, to a new primary). With --user or --group, --systemd or --path, node:cluster shares them
 * as before.
 */
export function ownsSockets(config: ServerConfig): boolean {
  return (
    !config.systemd &&
    config.path === undefined &&
    config.user === undefined &&
    config.group === undefined
  );
}

/**
 * A cluster worker seen as the child process handOver() expects. The IPC channel stays open after
 * the handover: it is the worker's link to its primary.
 */
function asChild(worker: Worker): ChildProcess {
  const child = new EventEmitter() as EventEmitter & Record<string, unknown>;
  for (const event of ['message', 'exit', 'disconnect', 'error']) {
    // An 'error' nobody listens to any more (the handover is over) must not throw here.
    worker.on(event, (...args: unknown[]) => {
      if (event !== 'error' || child.listenerCount('error') > 0) child.emit(event, ...args);
    });
  }
  Object.defineProperties(child, {
    pid: { get: () => worker.process.pid },
    connected: { get: () => worker.isConnected() },
    exitCode: { get: () => worker.process.exitCode },
    signalCode: { get: () => worker.process.signalCode },
  });
  child['send'] = (message: unknown, handle: unknown, callback: unknown) =>
    worker.process.send(message as never, handle as never, callback as never);
  child['kill'] = (signal?: NodeJS.Signals) => worker.process.kill(signal);
  child['disconnect'] = () => undefined;
  child['unref'] = () => undefined;
  return child as unknown as ChildProcess;
}

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
    (m.signal === 'SIGINT' || m.signal === 'SIGTERM' || m.signal === 'SIGHUP')
  );
}

/**
 * Runs the cluster primary: forks `config.workers` workers, relays stop signals, logs worker
 * deaths without restarting, and exits when the last worker has, with the first failure's code.
 *
 * With `own`, the primary binds the listening sockets and hands them to every worker
 * (bind({ inherit: true }) in the worker): all of them accept on the same sockets, and the kernel
 * gives each connection to one of the processes waiting in accept(). The primary serves by itself
 * only until its workers do, then stops accepting (a process that listens also accepts), so a
 * worker keeps the sockets for the next SIGHUP: the primary asks it to start the new primary and
 * hand it the sockets, and once the new primary's workers serve, the old workers drain and the
 * old primary exits 0. Without `own`, each worker binds with the same options and node:cluster
 * shares the listening handles (port 0 included), and SIGHUP is refused.
 */
export async function runPrimary(
  cluster: Cluster,
  config: ServerConfig,
  logger: Logger,
  exit: (code: ExitCode) => void,
  own?: OwnSockets,
): Promise<void> {
  let serving: StartedServer | undefined;
  if (own !== undefined) {
    try {
      serving = await own.start();
    } catch (err) {
      await own.fail(err);
      return;
    }
  }
  logger.info(
    { event: 'primary', workers: config.workers, urls: serving?.urls },
    `primary pid ${process.pid}: starting ${config.workers} workers${serving === undefined ? '' : `, each accepting on ${serving.urls.join(', ')}`}`,
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
  let restarting = false;
  cluster.on('message', (worker, message: unknown) => {
    if (isRestartOutcome(message)) {
      if (message.sock === 'restart-failed') {
        restarting = false;
        logger.error(
          { event: 'restart-failed', code: message.code },
          `restart failed: ${message.message}`,
        );
        return;
      }
      logger.info(
        { event: 'restarted', successor: message.pid },
        `restarted: the new primary (pid ${message.pid}) and its workers serve now; ${workers.size} workers drain, then this primary (pid ${process.pid}) exits`,
      );
      stopSignal = 'SIGHUP';
      const stop: ClusterMessage = { sock: 'stop', signal: 'SIGHUP' };
      for (const each of workers) if (each.isConnected()) each.send(stop);
      return;
    }
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
    if (workers.size === 0) {
      if (own !== undefined) {
        logger.info({ event: 'stopped', exitCode }, `primary stopped; exit code ${exitCode}`);
      }
      exit(exitCode);
    }
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
    stopServing();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  /** The primary stops accepting and drains what it took meanwhile; the workers hold the sockets. */
  const stopServing = (): void => {
    const server = serving;
    serving = undefined;
    void server?.stop(config.drainTimeout).catch(() => undefined);
  };

  if (own === undefined) {
    for (let i = 0; i < config.workers; i++) workers.add(cluster.fork());
    return;
  }
  // Installed before the workers start: Node's default for SIGHUP would end the primary.
  let clusterReady = false;
  process.on('SIGHUP', () => {
    const worker = [...ready].find((each) => each.isConnected());
    if (!clusterReady || restarting || stopSignal !== undefined || worker === undefined) {
      logger.warn(
        { event: 'restart-refused' },
        `SIGHUP ignored: ${restarting ? 'a restart is under way' : 'not serving'}`,
      );
      return;
    }
    restarting = true;
    logger.info(
      { event: 'restarting', worker: worker.id },
      `SIGHUP: worker ${worker.id} (pid ${worker.process.pid ?? '?'}) starts the new primary and hands it the listening sockets`,
    );
    worker.send({ sock: 'restart' });
  });
  const binding = serving!.binding;
  const handing: Promise<{ pid: number }>[] = [];
  for (let i = 0; i < config.workers; i++) {
    const worker = cluster.fork({ [sharedMark]: '1' });
    workers.add(worker);
    handing.push(handOver(binding, asChild(worker), { timeout: restartTimeout }));
  }
  const results = await Promise.allSettled(handing);
  const pids = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.pid] : []));
  const serve = pids.length;
  for (const result of results) {
    if (result.status === 'rejected') {
      logger.warn(
        { event: 'handover-failed' },
        `a worker did not take the listening sockets: ${toSockError(result.reason).message}`,
      );
    }
  }
  if (serve === 0 || stopSignal !== undefined) return;
  clusterReady = true;
  if (own.inherit) await announceServing(logger);
  stopServing();
  logger.info(
    { event: 'cluster-ready', workers: serve, pids },
    `${serve} workers accept on the listening sockets; the primary has stopped accepting`,
  );
}

/** What a process in a cluster uses of node:cluster, loaded only by a cluster. */
export interface Clustering {
  /** This process's worker id; 0 in the primary. */
  readonly workerId: number;
  /** True in the process that forks the workers. */
  readonly isPrimary: boolean;
  /** Runs the primary (see {@link runPrimary}). */
  runPrimary(
    config: ServerConfig,
    logger: Logger,
    exit: (code: ExitCode) => void,
    own?: OwnSockets,
  ): Promise<void>;
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
    runPrimary: (config, logger, exit, own) => runPrimary(cluster, config, logger, exit, own),
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
