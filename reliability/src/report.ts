// The suite's result rows and the closing table: one row per check, with the figure measured, the
// target it is held to and whether it met it.

/** One check of the suite. */
export interface Row {
  readonly section: string;
  readonly check: string;
  /** What was measured, as printed (`0 of 104,211`, `812 req/s`). */
  readonly figure: string;
  /** What the product promises (`0`, `<= 1 s`); `info` for a figure printed without a target. */
  readonly target: string;
  /** Met the target; `info` rows always count as passed. */
  readonly ok: boolean;
  /** A failure of a gating row fails the run (exit 1); other rows are printed and counted only. */
  readonly gate: boolean;
  /** Why it failed or what was skipped, one line. */
  readonly note?: string;
}

/** A row that passes when `ok`, gating the run by default. */
export function row(
  section: string,
  check: string,
  figure: string,
  target: string,
  ok: boolean,
  extra: { gate?: boolean; note?: string } = {},
): Row {
  return {
    section,
    check,
    figure,
    target,
    ok,
    gate: extra.gate ?? true,
    ...(extra.note === undefined ? {} : { note: extra.note }),
  };
}

/** A figure printed without a target (latency, RSS, throughput on a shared machine). */
export function info(section: string, check: string, figure: string, note?: string): Row {
  return row(section, check, figure, 'info', true, {
    gate: false,
    ...(note === undefined ? {} : { note }),
  });
}

/** A check that could not run here, with the reason; counted as neither passed nor failed. */
export function skipped(section: string, check: string, reason: string): Row {
  return row(section, check, 'skipped', '-', true, { gate: false, note: reason });
}

/** `12,345` */
export const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** `1.2 s`, `340 ms` */
export function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

/** `95.3 MB` */
export const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

/** The table in Markdown (the root README carries the same one), then the closing line. */
export function render(rows: readonly Row[]): string {
  const verdict = (r: Row): string =>
    r.figure === 'skipped' ? 'skip' : r.target === 'info' ? 'info' : r.ok ? 'pass' : 'FAIL';
  const cells = rows.map((r) => [
    r.section,
    r.check,
    r.figure,
    r.target,
    verdict(r) + (r.note === undefined ? '' : `: ${r.note}`),
  ]);
  const head = ['section', 'check', 'figure', 'target', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string =>
    `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  const counted = rows.filter((r) => r.figure !== 'skipped');
  const passed = counted.filter((r) => r.ok).length;
  const failed = counted.length - passed;
  return [
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
    '',
    `reliability: ${passed} passed, ${failed} failed`,
    '',
  ].join('\n');
}
