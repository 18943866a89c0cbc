// sock-server as a child process: spawned from its built dist/main.js with JSON logs, ready when
// it logs `event: 'ready'`, with its log records kept for the checks.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { onLogLines, type LogLine } from '@sock/test-helpers';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

// Children still running when the suite's process exits (a crash, a closed pipe) are killed with
// it rather than left behind.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Registers a child to be killed if the suite exits first. */
export function killOnExit(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/** The path of sock-server's built entry point. */
export function serverMain(): string {
  return join(dirname(require.resolve('sock-server/package.json')), 'dist', 'main.js');
}

/** One JSON log record of the server. */
export type LogRecord = LogLine;

/** A running sock-server. */
export interface ServerChild extends AsyncDisposable {
  readonly child: ChildProcess;
  readonly pid: number;
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  readonly records: LogRecord[];
  /** Resolves with the exit code (or 128 + signal number) once the process has exited. */
  readonly exited: Promise<number>;
}

/** Spawns sock-server with `args` (JSON logs) and waits for its `ready` record, at most 20 s. */
export async function startServer(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<ServerChild> {
  const child = spawn(process.execPath, [serverMain(), '--log-format', 'json', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  killOnExit(child);
  const records: LogRecord[] = [];
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) =>
      resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : 0)),
    );
  });
  const ready = new Promise<LogRecord>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('sock-server was not ready within 20 s')),
      20_000,
    );
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`sock-server ${args.join(' ')} exited with ${code} before it was ready`));
    });
    onLogLines(child.stdout, (parsed, line) => {
      const record = parsed ?? { msg: line };
      records.push(record);
      if (record.event === 'ready') {
        clearTimeout(timer);
        resolve(record);
      }
    });
  });
  // Error records go to stderr, as JSON, followed by plain lines for a person.
  onLogLines(child.stderr, (parsed, line) => {
    records.push({ ...(parsed ?? { msg: line }), stderr: true });
  });
  const record = await ready;
  const urls = (record.urls as string[] | undefined) ?? [];
  const url = urls.find((u) => u.startsWith('http://127.0.0.1')) ?? urls[0] ?? '';
  return {
    child,
    pid: child.pid!,
    url,
    port: Number(new URL(url).port),
    records,
    exited,
    async [Symbol.asyncDispose]() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
