// The import suite: what `import('<package>')` costs a program at start-up, for each library and
// subpath, against an empty module measured in the same run. Every sample is a fresh Node process
// (the cost of a first import is what matters; a second one is cached); the targets take turns, so
// load on a shared machine spreads over all of them, and the median of each is reported.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { printTable } from './harness.js';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const SAMPLES = Number(process.env['SOCK_BENCH_IMPORT_SAMPLES'] ?? 25);

interface Sample {
  /** Time from just before `import()` to its settling, inside the child. */
  readonly importMs: number;
  /** Wall time of the whole child process, start-up included. */
  readonly processMs: number;
}

function sample(specifier: string): Sample {
  const code = `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: benchDir,
    encoding: 'utf8',
  });
  const processMs = performance.now() - start;
  if (child.status !== 0) throw new Error(`import('${specifier}') failed: ${child.stderr}`);
  return { importMs: Number(child.stdout.trim()), processMs };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sock-import-'));
  try {
    const empty = join(dir, 'empty.mjs');
    writeFileSync(empty, '');
    const targets: [name: string, specifier: string][] = [
      ['empty module', pathToFileURL(empty).href],
      ['@sock/errors', '@sock/errors'],
      ['@sock/errors/tables', '@sock/errors/tables'],
      ['@sock/errors/unstable-do-not-import', '@sock/errors/unstable-do-not-import'],
      ['@sock/resolve', '@sock/resolve'],
      ['@sock/bind', '@sock/bind'],
    ];
    const samples = new Map<string, Sample[]>(targets.map(([name]) => [name, []]));
    for (const [, specifier] of targets) sample(specifier); // warm the file cache
    for (let round = 0; round < SAMPLES; round++) {
      for (const [name, specifier] of targets) samples.get(name)!.push(sample(specifier));
    }
    const rows = targets.map(([name]) => {
      const list = samples.get(name)!;
      return {
        name,
        importMs: median(list.map((s) => s.importMs)),
        processMs: median(list.map((s) => s.processMs)),
      };
    });
    const base = rows[0]!;
    const lines = rows.map((row) => [
      row.name,
      `${row.importMs.toFixed(2)} ms`,
      `${(row.importMs / base.importMs).toFixed(2)}x`,
      `+${Math.max(0, row.importMs - base.importMs).toFixed(2)} ms`,
      `${row.processMs.toFixed(1)} ms`,
      `${(row.processMs / base.processMs).toFixed(2)}x`,
    ]);
    printTable(
      `import cost at start-up (median of ${SAMPLES} fresh processes each)`,
      ['module', 'import()', 'vs empty', 'over empty', 'whole process', 'vs empty'],
      lines,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return Promise.resolve();
}
