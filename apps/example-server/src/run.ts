import { CliError, parseCli, type ServerConfig } from './cli.js';
import { isClusterMessage, loadClustering, ownsSockets, type Clustering } from './cluster.js';
import { explainFailure, type FailureReport } from './error-report.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import { createLogger, resolveLogFormat, type Logger } from './logger.js';
import { logSteps, startServer, transportOf, type Candidate } from './server.js';
import type { BindAttempt } from '@sock/bind';
import { createShutdown, onStopSignals } from './shutdown.js';
import { formatPortOption } from './internal/format.js';
import { announceReady } from '@sock/bind';
import {
  announceServing,
  isRestartRequest,
  onRestartSignal,
  refuseRestartSignal,
  restartForPrimary,
  takeSharedMark,
  takeSuccessorMark,
} from './restart.js';

/** Where the program writes and how it ends; the real process by default, injectable for tests. */
export interface ProgramIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly exit: (code: ExitCode) => void;
}

const processIo: ProgramIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  exit: (code) => process.exit(code),
};

/** The whole program: read the command line, then serve, run a cluster, or explain the failure. */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: ProgramIo = processIo,
): Promise<void> {
  let command;
  try {
    command = parseCli(argv, env);
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    io.stderr(`sock-server: ${err.message}\n${err.hint === undefined ? '' : `${err.hint}\n`}`);
    io.exit(err.exitCode);
    return;
  }
  if (command.kind !== 'run') {
    io.stdout(command.text);
    io.exit(exitCodes.ok);
    return;
  }
  const { config } = command;
  // node:cluster (and the child_process module under it) is loaded only by a cluster: a single
  // process starts faster without it. Node marks a cluster's workers with NODE_UNIQUE_ID.
  const inCluster = config.workers > 1 || process.env['NODE_UNIQUE_ID'] !== undefined;
  const clustering = inCluster ? await loadClustering() : undefined;
  const worker = clustering?.workerId ?? 0;
  const logger = await createLogger({
    format: config.logFormat,
    level: config.logLevel,
    base: worker === 0 ? {} : { worker },
    env,
  });
  // A bug must still end with the documented code and a logged reason, not Node's exit 1.
  process.on('uncaughtException', (err) => {
    logger.fatal({ event: 'crash', err }, `unexpected error: ${err.message}`);
    io.exit(exitCodes.software);
  });
  if (clustering?.isPrimary === true) {
    if (!ownsSockets(config)) {
      refuseRestartSignal(config, logger);
      await clustering.runPrimary(config, logger, io.exit);
      return;
    }
    // The primary binds (or adopts its predecessor's sockets) and hands them to its workers.
    const inherit = takeSuccessorMark();
    await clustering.runPrimary(config, logger, io.exit, {
      // The primary serves only until its workers do, and then stops accepting at once.
      start: () =>
        startServer({ ...config, drainDelay: 0 }, logger, { worker: 0, inherit, quiet: true }),
      inherit,
      fail: (err) => {
        reportFailure(explain(err, config), config, logger, io);
        return Promise.resolve();
      },
    });
    return;
  }
  await serveUntilStopped(config, logger, worker, io, clustering);
}

async function serveUntilStopped(
  config: ServerConfig,
  logger: Logger,
  worker: number,
  io: ProgramIo,
  clustering: Clustering | undefined,
): Promise<void> {
  // A worker whose primary owns the listening sockets adopts them from it.
  const shared = worker !== 0 && takeSharedMark();
  const inherit = shared || (worker === 0 && takeSuccessorMark());
  const starting = startServer(config, logger, { worker, inherit });
  // The handlers go in before the first log line: a signal that came between 'ready' and their
  // installation would meet the default action and kill the process without a drain.
  const shutdown = createShutdown({
    logger,
    drain: async () => (await starting).stop(config.drainTimeout),
    exit: io.exit,
  });
  onStopSignals(shutdown);
  if (worker === 0) onRestartSignal({ config, logger, starting, shutdown });
  if (clustering !== undefined && worker !== 0) {
    process.on('message', (message: unknown) => {
      if (isRestartRequest(message)) {
        void restartForPrimary(starting).then((outcome) => process.send?.(outcome));
        return;
      }
      if (!isClusterMessage(message)) return;
      if (message.sock === 'stop') shutdown.drain(message.signal);
      else shutdown.force(message.signal);
    });
    // A primary that vanished (killed with SIGKILL) can relay nothing more: stop cleanly on our own.
    process.on('disconnect', () => shutdown.drain('SIGTERM'));
  }
  try {
    await starting;
    clustering?.reportReady();
    // A worker tells its primary quietly; a restarted single process says it took over.
    if (shared) await announceReady().catch(() => undefined);
    else if (inherit) await announceServing(logger);
  } catch (err) {
    reportFailure(explain(err, config), config, logger, io);
  }
}

// Imported statically although only a failure needs it: in the one-file program a lazily imported
// module is compiled when it first runs, and an eagerly imported one comes from the code cache
// (code-cache.ts): a start measured 1 to 2 ms of CPU cheaper this way, the report included.
function explain(err: unknown, config: ServerConfig): FailureReport {
  return explainFailure(err, {
    host: config.systemd ? 'systemd' : (config.path ?? config.host),
    port: formatPortOption(config.port),
    protocol: transportOf(config),
  });
}

function reportFailure(
  report: FailureReport,
  config: ServerConfig,
  logger: Logger,
  io: ProgramIo,
): void {
  const facts = report.error as { attempts?: unknown; candidates?: unknown };
  // What getaddrinfo gave and which address failed how, before the verdict: the classic Winsock
  // sample's order.
  if (Array.isArray(facts.attempts)) {
    const attempts = facts.attempts as BindAttempt[];
    logSteps(logger, config, candidatesOf(facts.candidates, attempts, config), attempts);
  }
  logger.error({ ...report.fields, details: report.details }, report.headline);
  if (resolveLogFormat(config.logFormat, process.stdout.isTTY) === 'json') {
    // JSON logs are for machines; the person who started the server still gets plain lines.
    io.stderr(`${[report.headline, ...report.details].join('\n')}\n`);
  } else {
    for (const line of report.details) logger.error({ event: 'detail' }, line);
  }
  io.exit(report.exitCode);
}

/**
 * The resolver's answer for the failure log: the candidates the BindError carries, or else the
 * addresses its attempts were made on (the same list, once each, when the error predates them).
 */
function candidatesOf(
  carried: unknown,
  attempts: readonly BindAttempt[],
  config: ServerConfig,
): readonly Candidate[] | undefined {
  if (Array.isArray(carried)) return carried as Candidate[];
  if (attempts.length === 0) return undefined;
  const protocol = transportOf(config);
  const seen = new Map<string, Candidate>();
  for (const { address, family, port } of attempts) {
    if (!seen.has(address)) seen.set(address, { address, family, port, protocol });
  }
  return [...seen.values()];
}
