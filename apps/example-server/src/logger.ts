import { isatty } from 'node:tty';
import type PinoPrettyModule from 'pino-pretty';
import type { LogFormat, LogLevel } from './cli.js';
import { createJsonLogger, type Logger } from './json-logger.js';
import { useColor } from './terminal.js';

export type { Logger } from './json-logger.js';

/** How to build the logger: format (undefined: pretty on a terminal), level, fixed fields. */
export interface LoggerOptions {
  readonly format: LogFormat | undefined;
  readonly level: LogLevel;
  readonly base?: Readonly<Record<string, unknown>>;
  /** Where NO_COLOR, FORCE_COLOR and TERM are read; the process's environment by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The format actually used: the one asked for, else pretty when stdout is a terminal. */
export function resolveLogFormat(
  format: LogFormat | undefined,
  isTTY: boolean | undefined,
): LogFormat {
  return format ?? (isTTY === true ? 'pretty' : 'json');
}

/**
 * A logger writing info and below to stdout and errors to stderr, synchronously, so that the last
 * lines before `process.exit()` are never lost. JSON records (the default off a terminal) are
 * written in pino's line format without loading pino; pretty ones go through pino and
 * pino-pretty, loaded only then.
 */
export async function createLogger(options: LoggerOptions): Promise<Logger> {
  // Asked of fd 1 itself, and only when no format was given: process.stdout would build a stream
  // (a net.Socket on a pipe) that JSON logs, written with writeSync(), never use.
  const format = options.format ?? resolveLogFormat(undefined, isatty(1));
  if (format === 'json')
    return createJsonLogger({ level: options.level, base: options.base ?? {} });
  const [{ pino }, prettyModule] = await Promise.all([import('pino'), import('pino-pretty')]);
  // Node gives a CommonJS module's exports as `default`; TS types `export =` without it.
  const PinoPretty = (prettyModule as unknown as { default: typeof PinoPrettyModule }).default;
  // pino-pretty runs in this thread as a plain stream, not as a worker transport: a worker would
  // lose whatever it had not written when the process exits on a failed bind.
  const stream = (fd: 1 | 2): NodeJS.WritableStream =>
    PinoPretty({
      destination: fd,
      sync: true,
      colorize: useColor(
        fd === 1 ? process.stdout.isTTY : process.stderr.isTTY,
        options.env ?? process.env,
      ),
      ignore: 'pid,hostname,event',
      translateTime: 'SYS:HH:MM:ss.l',
      singleLine: false,
      hideObject: true,
    });
  const streams = pino.multistream(
    [
      { level: 'trace', stream: stream(1) },
      { level: 'error', stream: stream(2) },
    ],
    // dedupe: each record goes to the stream with the highest matching level only.
    { dedupe: true },
  );
  const logger: Logger = pino(
    { level: options.level, base: { pid: process.pid, ...options.base } },
    streams,
  );
  return logger;
}
