import cluster, { type Worker } from 'node:cluster';
import type { ServerConfig } from './cli.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import type { Logger } from './logger.js';
import { forcedExitCode, type StopSignal } from './shutdown.js';

/** A message from the primary to its workers. */
export interface ClusterMessage {
  readonly sock: 'stop' | 'force';
  readonly signal: StopSignal;
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

  cluster.on('exit', (worker, code, signal) => {
    workers.delete(worker);
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

const knownCodes = new Set<number>(Object.values(exitCodes));
function isExitCode(code: number): code is ExitCode {
  return knownCodes.has(code);
}
