import { pino, type Logger } from 'pino';
import type PinoPrettyModule from 'pino-pretty';
import type { LogFormat, LogLevel } from './cli.js';
import { useColor } from './terminal.js';

export type { Logger } from 'pino';

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
 * A pino logger writing info and below to stdout and errors to stderr, synchronously, so that the
 * last lines before `process.exit()` are never lost.
 */
export async function createLogger(options: LoggerOptions): Promise<Logger> {
  const format = resolveLogFormat(options.format, process.stdout.isTTY);
  // Loaded only when used: pino-pretty costs about as much start-up time as pino itself.
  const PinoPretty =
    format === 'pretty'
      ? // Node gives a CommonJS module's exports as `default`; TS types `export =` without it.
        ((await import('pino-pretty')) as unknown as { default: typeof PinoPrettyModule }).default
      : undefined;
  // pino-pretty runs in this thread as a plain stream, not as a worker transport: a worker would
  // lose whatever it had not written when the process exits on a failed bind.
  const stream = (fd: 1 | 2): pino.DestinationStream =>
    PinoPretty !== undefined
      ? PinoPretty({
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
        })
      : pino.destination({ fd, sync: true });
  const streams = pino.multistream(
    [
      { level: 'trace', stream: stream(1) },
      { level: 'error', stream: stream(2) },
    ],
    // dedupe: each record goes to the stream with the highest matching level only.
    { dedupe: true },
  );
  return pino({ level: options.level, base: { pid: process.pid, ...options.base } }, streams);
}
