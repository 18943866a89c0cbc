// The resolve suite: resolve() against dns.lookup and cacheable-lookup for an IP literal and
// `localhost`, sequentially and 100 at a time; then head-of-line blocking behind slow DNS, for real,
// in a network namespace of the benchmark's own.
import { spawn, spawnSync } from 'node:child_process';
import { lookup as dnsLookup } from 'node:dns/promises';
import { existsSync, mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import CacheableLookup from 'cacheable-lookup';
import { resolve } from '@sock/resolve';
import { measure, report, type Measurement, type Row } from './harness.js';
import { departures, lookupCost } from './resolve-lookup.js';

export async function run(): Promise<void> {
  const cacheable = new CacheableLookup();
  for (const host of ['127.0.0.1', 'localhost']) {
    for (const concurrency of [1, 100]) {
      const contenders: [name: string, note: string, fn: () => unknown][] = [
        ['baseline', 'dns.promises.lookup', () => dnsLookup(host)],
        ['cacheable-lookup', 'lookupAsync', () => cacheable.lookupAsync(host)],
        ['resolve', `resolve('${host}', 80)`, () => resolve(host, 80)],
      ];
      // Best of three rounds, the contenders taking turns: other work on a shared machine then
      // slows a round, not one contender.
      const best = new Map<string, Measurement>();
      for (let round = 0; round < 3; round++) {
        for (const [name, , fn] of contenders) {
          const m = await timed(fn, concurrency);
          if ((best.get(name)?.opsPerSec ?? 0) < m.opsPerSec) best.set(name, m);
        }
      }
      const rows: Row[] = contenders.map(([name, note]) => {
        const m = best.get(name)!;
        return {
          name,
          value: m.opsPerSec,
          unit: 'ops/s',
          note: `${note}, ${m.meanUs.toFixed(2)} µs/op`,
        };
      });
      report(`${host}, concurrency ${concurrency} (best of 3 rounds)`, rows, {
        baseline: 'baseline',
        higherIsBetter: true,
      });
    }
  }
  await lookupCost();
  await departures();
  await headOfLine();
}

/**
 * Measures for about 1.5 s after a warm-up of about 0.5 s, scaled from a short first run, so that
 * fast cases get JIT-warm and slow ones do not take minutes.
 */
async function timed(fn: () => unknown, concurrency: number): Promise<Measurement> {
  const probe = await measure(fn, { operations: 500, warmup: 500, concurrency });
  const clamp = (n: number, min: number, max: number): number =>
    Math.round(Math.min(max, Math.max(min, n)));
  return measure(fn, {
    warmup: clamp(probe.opsPerSec * 0.5, 500, 50_000),
    operations: clamp(probe.opsPerSec * 1.5, 2_000, 1_000_000),
    concurrency,
  });
}

interface ChildResult {
  readonly idleUs: number;
  readonly loadedUs: number;
}

const modes = ['dns.lookup', 'cacheable-lookup', 'resolve'] as const;

/**
 * Twenty lookups of names that take 500 ms each, then one of `localhost`: dns.lookup queues it
 * behind them on libuv's threadpool, resolve() answers it from the hosts file.
 */
async function headOfLine(): Promise<void> {
  const title = 'localhost under slow DNS (20 lookups of 500 ms names in flight)';
  const why = namespacesUnavailable();
  if (why !== undefined) {
    console.log(`\n## ${title}\n\nskipped: ${why}`);
    return;
  }
  const name = `sockbench-${process.pid}`;
  const etc = `/etc/netns/${name}`;
  const hadNetnsDir = existsSync('/etc/netns');
  const rows: Row[] = [];
  try {
    run1('ip', ['netns', 'add', name]);
    run1('ip', ['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
    mkdirSync(etc, { recursive: true });
    // `ip netns exec` bind-mounts this over /etc/resolv.conf inside the namespace.
    writeFileSync(`${etc}/resolv.conf`, 'nameserver 127.0.0.1\noptions timeout:5 attempts:1\n');
    for (const mode of modes) {
      const result = await child(name, mode);
      rows.push({
        name: mode === 'dns.lookup' ? 'baseline' : mode,
        value: result.loadedUs,
        unit: 'µs',
        note: `${mode}; idle ${result.idleUs.toFixed(1)} µs, loaded/idle ${(result.loadedUs / result.idleUs).toFixed(1)}x`,
      });
    }
  } catch (err) {
    console.log(`\n## ${title}\n\nskipped: ${(err as Error).message}`);
    return;
  } finally {
    spawnSync('ip', ['netns', 'del', name]);
    rmSync(etc, { recursive: true, force: true });
    if (!hadNetnsDir) {
      try {
        // Only if still empty: another namespace may have appeared in the meantime.
        rmdirSync('/etc/netns');
      } catch {
        // Not empty, or already gone: either way it is not ours to remove.
      }
    }
  }
  report(title, rows, { baseline: 'baseline', higherIsBetter: false });
}

function namespacesUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'creating a network namespace needs root';
  const probe = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    return `\`ip netns\` is not available (${probe.error?.message ?? probe.stderr.trim()})`;
  }
  return undefined;
}

function run1(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error !== undefined || result.status !== 0) {
    throw new Error(
      `\`${command} ${args.join(' ')}\` failed: ${result.error?.message ?? result.stderr.trim()}`,
    );
  }
}

function child(namespace: string, mode: string): Promise<ChildResult> {
  const script = fileURLToPath(new URL('./resolve-hol-child.ts', import.meta.url));
  const bench = fileURLToPath(new URL('..', import.meta.url));
  return new Promise((done, fail) => {
    const proc = spawn(
      'ip',
      ['netns', 'exec', namespace, process.execPath, '--import', 'tsx', script, mode],
      {
        cwd: bench,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, UV_THREADPOOL_SIZE: '4' },
      },
    );
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => proc.kill(), 60_000);
    proc.on('close', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0)
        fail(new Error(`the ${mode} child failed (${code}): ${err.trim() || out.trim()}`));
      else done(JSON.parse(line) as ChildResult);
    });
  });
}
