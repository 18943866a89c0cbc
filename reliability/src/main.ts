// `pnpm test:reliability`: runs the sections in order and prints the table of figures, closing
// with `reliability: N passed, N failed`. Exit 1 when a gating row failed.
//   pnpm test:reliability                       every section (soak 150 s; 45 s when CI is set)
//   pnpm test:reliability bad-input leaks       some sections
//   SOCK_RELIABILITY_SEED=123 ...               replay the generated cases of a run
//   SOCK_RELIABILITY_SOAK=60 ...                soak seconds
//   SOCK_RELIABILITY_SCALE=0.1 ...              a tenth of the counts, for a quick look
import { badInput } from './bad-input.js';
import { faults } from './faults.js';
import { load } from './load.js';
import { rollingRestart } from './haproxy.js';
import { leaks } from './leaks.js';
import { render, type Row } from './report.js';

const sections: Record<string, (ctx: Context) => Promise<Row[]>> = {
  'bad-input': (ctx) => badInput(ctx.scale, ctx.seed),
  leaks: (ctx) => leaks(ctx.scale),
  faults: (ctx) => faults(ctx.scale),
  load: (ctx) => load(ctx.soakSeconds),
  'rolling-restart': () => rollingRestart(),
};

/** What every section is given. */
export interface Context {
  readonly scale: number;
  readonly seed: number;
  readonly soakSeconds: number;
}

const envNumber = (name: string, fallback: number): number => {
  const text = process.env[name];
  const n = text === undefined || text === '' ? Number.NaN : Number(text);
  return Number.isFinite(n) ? n : fallback;
};

const ctx: Context = {
  scale: envNumber('SOCK_RELIABILITY_SCALE', 1),
  seed: envNumber('SOCK_RELIABILITY_SEED', Date.now() % 2 ** 31),
  soakSeconds: envNumber('SOCK_RELIABILITY_SOAK', process.env.CI === undefined ? 150 : 45),
};

const asked = process.argv.slice(2).filter((a) => a !== '--');
const unknown = asked.filter((name) => !(name in sections));
if (unknown.length > 0) {
  console.error(
    `Unknown section ${unknown.join(', ')}; the sections are ${Object.keys(sections).join(', ')}.`,
  );
  process.exit(64);
}
const rows: Row[] = [];
const started = performance.now();
for (const [name, run] of Object.entries(sections)) {
  if (asked.length > 0 && !asked.includes(name)) continue;
  const t0 = performance.now();
  console.log(`--- ${name}`);
  try {
    rows.push(...(await run(ctx)));
  } catch (err) {
    rows.push({
      section: name,
      check: 'section ran to the end',
      figure: 'threw',
      target: 'no throw',
      ok: false,
      gate: true,
      note: err instanceof Error ? err.message : String(err),
    });
    console.error(err);
  }
  console.log(`--- ${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
console.log(
  `\nreliability suite: ${((performance.now() - started) / 1000).toFixed(0)} s, seed ${ctx.seed}\n`,
);
process.stdout.write(render(rows));
process.exitCode = rows.some((r) => r.gate && !r.ok && r.figure !== 'skipped') ? 1 : 0;
