// The server suite's tools: spawning a server child and reading its URL from its JSON logs, and a
// typed door to autocannon (which ships no types).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

/** The slice of autocannon's result this suite reads. */
export interface LoadResult {
  readonly requests: { readonly average: number };
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
}

/** The slice of autocannon's options this suite sets. */
export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly pipelining: number;
  readonly duration: number;
  readonly headers?: Record<string, string>;
}

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (options: LoadOptions) => Promise<LoadResult>;

/** Drives `url` with autocannon for `duration` seconds; fails on any error or non-2xx answer. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon(options);
  if (result.errors > 0 || result.non2xx > 0 || result.timeouts > 0) {
    throw new Error(
      `${options.url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`,
    );
  }
  return result;
}

/** A server child that printed a JSON `ready` record with its URLs. */
export interface ServerChild extends AsyncDisposable {
  readonly child: ChildProcess;
  readonly url: string;
}

/** Spawns `node ...args` and waits for the JSON log record with `event: 'ready'`. */
export async function spawnReady(args: readonly string[]): Promise<ServerChild> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let buffered = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`node ${args.join(' ')} exited with ${code} before it was ready`)),
    );
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      for (const line of buffered.split('\n').slice(0, -1)) {
        const record = JSON.parse(line) as { event?: string; urls?: string[] };
        if (record.event === 'ready' && record.urls?.[0] !== undefined) resolve(record.urls[0]);
      }
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
    });
  });
  child.stdout.resume();
  return {
    child,
    url,
    async [Symbol.asyncDispose]() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
}

/** Spawn to the first 200 answer: the wall time, and the CPU time the child had used by then. */
export interface StartupTiming {
  /** Milliseconds from spawn to the answer, as a client sees it. */
  readonly wall: number;
  /**
   * Milliseconds of CPU the child used up to the answer, all its threads (Linux's
   * /proc/<pid>/task/<tid>/schedstat, in nanoseconds); NaN where that is not readable. It hardly
   * moves with the machine's load, where the wall time does.
   */
  readonly cpu: number;
}

/** Spawn to the first 200 answer for `node ...args`; the child is killed afterwards. */
export async function timeToFirstAnswer(
  args: readonly string[],
  path: string,
): Promise<StartupTiming> {
  const start = performance.now();
  await using server = await spawnReady(args);
  const res = await fetch(`${server.url}${path}`);
  await res.arrayBuffer();
  const wall = performance.now() - start;
  if (res.status !== 200) throw new Error(`${server.url}${path} answered ${res.status}`);
  return { wall, cpu: cpuMilliseconds(server.child.pid) };
}

function cpuMilliseconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    }
    return ns / 1e6;
  } catch {
    return Number.NaN;
  }
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
