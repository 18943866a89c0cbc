import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { onLogLines, type LogLine } from '@sock/test-helpers';

/** The built server; the root `pnpm test` builds it before vitest runs. */
export const mainJs: string = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
/** False when dist/ is missing: the end-to-end tests skip, saying to build first. */
export const built: boolean = existsSync(mainJs);
export const notBuiltMessage: string = `${mainJs} is missing: run \`pnpm turbo run build --filter=sock-server...\` first`;

/** One JSON log record. */
export type LogRecord = LogLine;

/** A running `sock-server` child whose JSON logs and stderr the test reads; killed on dispose. */
export interface ServerProcess extends AsyncDisposable {
  readonly child: ChildProcess;
  readonly records: LogRecord[];
  stderr(): string;
  /** Resolves with the first record (past or future) that matches. */
  waitFor(match: (record: LogRecord) => boolean): Promise<LogRecord>;
  /** The exit code (or 128 + signal number). */
  readonly exited: Promise<number>;
}

export interface SpawnOptions {
  readonly env?: Record<string, string | undefined>;
  /** Runs `command ...prefix node main.js ...args` instead of `node main.js ...args`. */
  readonly prefix?: readonly string[];
}

const signalNumbers: Record<string, number> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** The flags for a server on 127.0.0.1, port 0: where most tests run it. */
export const onLoopback: readonly string[] = ['--host', '127.0.0.1', '--port', '0'];

/** Starts the built server with exactly `args` (no JSON logs unless asked for: see `startServer`). */
export function spawnServer(args: readonly string[], options: SpawnOptions = {}): ServerProcess {
  const argv = [process.execPath, mainJs, ...args];
  const [command, ...rest] = [...(options.prefix ?? []), ...argv];
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  // The test run's own settings must not leak into the server under test.
  for (const name of Object.keys(env))
    if (name.startsWith('SOCK_') && !(options.env && name in options.env)) delete env[name];
  const child = spawn(command!, rest, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // A test that times out never reaches its dispose; the worker's exit still ends the child.
  const reap = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  const records: LogRecord[] = [];
  const waiters = new Set<{ match: (r: LogRecord) => boolean; resolve: (r: LogRecord) => void }>();
  let stderrText = '';
  // JSON records come from both streams: pino sends error records to stderr, the rest to stdout.
  const reader =
    (stream: 'stdout' | 'stderr') =>
    (parsed: LogRecord | undefined, line: string): void => {
      if (parsed === undefined && stream === 'stderr') return;
      const record = parsed ?? { msg: line, event: 'text' };
      records.push(record);
      for (const waiter of waiters) {
        if (waiter.match(record)) {
          waiters.delete(waiter);
          waiter.resolve(record);
        }
      }
    };
  onLogLines(child.stdout, reader('stdout'));
  onLogLines(child.stderr, reader('stderr'));
  child.stderr.on('data', (chunk: string) => (stderrText += chunk));
  const exited = new Promise<number>((resolve) => {
    // 'close', not 'exit': it comes after the stdio pipes are closed too, so nothing is left open.
    child.once('close', (code, signal) => {
      resolve(code ?? 128 + (signalNumbers[signal ?? ''] ?? 0));
    });
  });
  const waitFor = (match: (record: LogRecord) => boolean): Promise<LogRecord> => {
    const found = records.find(match);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<LogRecord>((resolve, reject) => {
      const waiter = { match, resolve };
      waiters.add(waiter);
      // An exit without the record fails the wait at once with what the server said.
      void exited.then((code) => {
        if (waiters.delete(waiter)) {
          reject(
            new Error(
              `server exited with ${code} first; stderr: ${stderrText}; logs: ${JSON.stringify(records)}`,
            ),
          );
        }
      });
    });
  };
  return {
    child,
    records,
    stderr: () => stderrText,
    waitFor,
    exited,
    async [Symbol.asyncDispose]() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** Starts the server and waits for its `ready` record; returns it with the process. */
export async function startServer(
  args: readonly string[],
  options: SpawnOptions = {},
): Promise<ServerProcess & { readonly ready: LogRecord; readonly urls: string[] }> {
  const server = spawnServer(['--log-format', 'json', ...args], options);
  try {
    const ready = await server.waitFor((r) => r.event === 'ready');
    return Object.assign(server, { ready, urls: ready['urls'] as string[] });
  } catch (err) {
    await server[Symbol.asyncDispose]();
    throw err;
  }
}
