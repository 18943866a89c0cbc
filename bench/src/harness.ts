// Shared measuring and printing for the benchmarks: every case runs its baselines in the same
// process and the same run, and reports ratios, never absolute targets.
import { performance } from 'node:perf_hooks';

export interface Measurement {
  /** Operations completed per second over the timed window. */
  readonly opsPerSec: number;
  /** Mean wall time of one operation, in microseconds (per batch member when concurrent). */
  readonly meanUs: number;
  readonly operations: number;
}

export interface MeasureOptions {
  /** Operations to time (after warm-up). */
  readonly operations: number;
  /** Operations run before timing starts. */
  readonly warmup?: number;
  /** How many operations are in flight at once (1: strictly one after another). */
  readonly concurrency?: number;
}

/** Times `operations` calls of `fn`, `concurrency` at a time, after a warm-up. */
export async function measure(fn: () => unknown, options: MeasureOptions): Promise<Measurement> {
  const concurrency = options.concurrency ?? 1;
  const run = async (count: number): Promise<void> => {
    let started = 0;
    const worker = async (): Promise<void> => {
      while (started < count) {
        started++;
        await fn();
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  };
  await run(options.warmup ?? Math.min(1000, Math.ceil(options.operations / 10)));
  const start = performance.now();
  await run(options.operations);
  const elapsedMs = performance.now() - start;
  return {
    opsPerSec: (options.operations / elapsedMs) * 1000,
    meanUs: (elapsedMs * 1000) / options.operations,
    operations: options.operations,
  };
}

export interface Row {
  readonly name: string;
  /** The figure compared; larger is better when `higherIsBetter`, else smaller is. */
  readonly value: number;
  readonly unit: string;
  readonly note?: string;
}

/**
 * Prints a table of rows with each one's ratio to the baseline row (the first one whose name is
 * `baseline`), and returns the ratios by name. A ratio above 1 is always better than the baseline.
 */
export function report(
  title: string,
  rows: readonly Row[],
  options: { baseline: string; higherIsBetter: boolean },
): Record<string, number> {
  const base = rows.find((row) => row.name === options.baseline);
  if (base === undefined) throw new Error(`no baseline row named ${options.baseline}`);
  const ratios: Record<string, number> = {};
  const lines = rows.map((row) => {
    const ratio = options.higherIsBetter ? row.value / base.value : base.value / row.value;
    ratios[row.name] = ratio;
    return [row.name, `${format(row.value)} ${row.unit}`, `${ratio.toFixed(2)}x`, row.note ?? ''];
  });
  printTable(title, ['case', 'figure', `vs ${options.baseline}`, 'note'], lines);
  return ratios;
}

/** Prints a titled table with aligned columns: the header, a rule, then one line per row. */
export function printTable(
  title: string,
  header: readonly string[],
  lines: readonly (readonly string[])[],
): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log(`\n## ${title}\n`);
  console.log(fmt(header));
  console.log(fmt(widths.map((w) => '-'.repeat(w))));
  for (const line of lines) console.log(fmt(line));
}

function format(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toPrecision(3);
}
