// JSON log records in pino's line format, written synchronously, without loading pino: loading
// pino and its dependencies was the largest single cost of sock-server's start-up. Pretty logs
// (a person at a terminal) still go through pino and pino-pretty; see logger.ts.
import { writeSync } from 'node:fs';
import type { LogLevel } from './cli.js';

/** A log method: the record's fields, then its message. */
export type LogMethod = (fields: object, message: string) => void;

/** What the server logs through; pino's loggers have this shape too. */
export interface Logger {
  readonly fatal: LogMethod;
  readonly error: LogMethod;
  readonly warn: LogMethod;
  readonly info: LogMethod;
  readonly debug: LogMethod;
  readonly trace: LogMethod;
}

/** pino's level numbers. */
export const levelNumbers: Readonly<Record<Exclude<LogLevel, 'silent'>, number>> = {
  fatal: 60,
  error: 50,
  warn: 40,
  info: 30,
  debug: 20,
  trace: 10,
};

/**
 * A logger writing one JSON object a line, as pino does (`level`, `time`, `pid`, the base fields,
 * the record's fields, `msg`): records below `error` to stdout, `error` and `fatal` to stderr.
 */
export function createJsonLogger(options: {
  readonly level: LogLevel;
  readonly base: Readonly<Record<string, unknown>>;
  /** Writes one line to fd 1 or 2; synchronous writes by default. */
  readonly write?: (fd: 1 | 2, line: string) => void;
}): Logger {
  const threshold = options.level === 'silent' ? Infinity : levelNumbers[options.level];
  const write = options.write ?? writeLine;
  const base = { pid: process.pid, ...options.base };
  const method =
    (level: number): LogMethod =>
    (fields, message) => {
      if (level < threshold) return;
      write(level >= levelNumbers.error ? 2 : 1, `${record(level, base, fields, message)}\n`);
    };
  return {
    fatal: method(levelNumbers.fatal),
    error: method(levelNumbers.error),
    warn: method(levelNumbers.warn),
    info: method(levelNumbers.info),
    debug: method(levelNumbers.debug),
    trace: method(levelNumbers.trace),
  };
}

function record(
  level: number,
  base: Readonly<Record<string, unknown>>,
  fields: object,
  message: string,
): string {
  const entry: Record<string, unknown> = { level, time: Date.now(), ...base };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) entry[key] = key === 'err' ? serializeError(value) : value;
  }
  entry['msg'] = message;
  try {
    return JSON.stringify(entry, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
  } catch {
    // A field that cannot be written (a cycle) must not lose the record itself.
    return JSON.stringify({ level, time: entry['time'], ...base, msg: message });
  }
}

/** An error as pino's standard serializer writes it: its type, message, stack and own fields. */
function serializeError(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const fields: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key !== 'cause' && typeof field !== 'object') fields[key] = field;
  }
  return { type: value.name, message: value.message, stack: value.stack, ...fields };
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function writeLine(fd: 1 | 2, line: string): void {
  let rest = Buffer.from(line);
  // A pipe can be full for a moment (EAGAIN): wait a millisecond and go on, as pino's sync
  // destination does; a reader that went away (EPIPE) ends the logging, not the server.
  for (let tries = 0; rest.length > 0 && tries < 1000; tries++) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN') return;
      Atomics.wait(sleeper, 0, 0, 1);
    }
  }
}
