import type { Logger } from './logger.js';
import { exitCodes, type ExitCode } from './exit-codes.js';

/** The signals that stop the server (SIGHUP once a restarted process serves in its place). */
export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/** What to do on the first and on a second stop request. */
export interface ShutdownOptions {
  readonly logger: Logger;
  /**
   * Stops accepting and lets in-flight work finish; resolves when done, with how many requests
   * the drain timeout cut (none when it resolves without an outcome).
   */
  readonly drain: (
    signal: StopSignal,
  ) => Promise<{ cut: number; timeout: number; unit?: 'request' | 'connection' } | void>;
  /** Ends the process; injected so tests can watch it. */
  readonly exit: (code: ExitCode) => void;
}

/** A controller that turns stop requests into a drain, then a forced exit on the second one. */
export interface Shutdown {
  /** Asks to stop, as if the signal had arrived; the second call forces the exit. */
  request(signal: StopSignal): void;
  /** Starts the drain unless it has started; never forces (a cluster primary's relayed stop). */
  drain(signal: StopSignal): void;
  /** Exits at once with 130 or 143. */
  force(signal: StopSignal): void;
  /** True once a first stop request came. */
  readonly stopping: boolean;
}

/** The exit code for a forced stop: 128 plus the signal's number, as shells report it. */
export function forcedExitCode(signal: StopSignal): ExitCode {
  return signal === 'SIGINT' ? exitCodes.forcedSigint : exitCodes.forcedSigterm;
}

/**
 * The stop logic without the signal wiring: first request drains and exits 0 (75 when the drain
 * timeout cut requests, 70 if the drain itself failed), a second one exits at once with 130 or 143.
 */
export function createShutdown(options: ShutdownOptions): Shutdown {
  const { logger } = options;
  let stopping = false;
  const force = (signal: StopSignal): void => {
    const code = forcedExitCode(signal);
    logger.warn(
      { event: 'forced', signal, exitCode: code },
      `${signal} again: forcing exit with code ${code}, in-flight requests are cut off`,
    );
    options.exit(code);
  };
  const drain = (signal: StopSignal): void => {
    if (stopping) return;
    stopping = true;
    logger.info(
      { event: 'stopping', signal },
      `${signal}: draining; send it again to force the exit`,
    );
    options.drain(signal).then(
      (outcome) => {
        if (outcome !== undefined && outcome.cut > 0) {
          // Saying "stopped cleanly" here would be a lie: those clients got no answer.
          const code = exitCodes.drainCut;
          logger.error(
            { event: 'stopped', cut: outcome.cut, exitCode: code },
            `stopped after the drain timeout of ${outcome.timeout} ms: ${outcome.cut} ${outcome.unit ?? 'request'}${outcome.cut === 1 ? ' was' : 's were'} cut off unanswered; exit code ${code}`,
          );
          options.exit(code);
          return;
        }
        logger.info({ event: 'stopped', cut: 0, exitCode: exitCodes.ok }, 'stopped cleanly');
        options.exit(exitCodes.ok);
      },
      (err: unknown) => {
        logger.error(
          { event: 'stopped', err },
          `drain failed: ${err instanceof Error ? err.message : String(err)}`,
        );
        options.exit(exitCodes.software);
      },
    );
  };
  return {
    get stopping() {
      return stopping;
    },
    request(signal) {
      if (stopping) force(signal);
      else drain(signal);
    },
    drain,
    force,
  };
}

/** Routes SIGINT and SIGTERM to `shutdown`; returns a function that removes the handlers. */
export function onStopSignals(shutdown: Shutdown): () => void {
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const handler = (): void => shutdown.request(signal);
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  return () => {
    for (const off of handlers) off();
  };
}
