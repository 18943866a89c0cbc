import { SockError } from '../sock-error.js';
import { escapeText } from './render-value.js';

// Longer input is not a typo of an option name; the cap also bounds the quadratic distance.
const MAX_INPUT = 64;

// Optimal string alignment distance: insertions, deletions, substitutions and transpositions of
// two neighbours (`prot` -> `port`) each cost 1.
function distance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i += 1) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j += 1) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/**
 * The candidate the input was most likely meant to be (a typo, a transposition or a different
 * case), or `undefined` where none is close: at most one edit per three characters.
 * @example didYouMean('timout', ['timeout', 'signal']) // 'timeout'
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  if (typeof input !== 'string' || input.length > MAX_INPUT) return undefined;
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (typeof candidate !== 'string' || candidate === input) continue;
    if (candidate.length > MAX_INPUT) continue;
    const d = distance(lower, candidate.toLowerCase());
    const allowed = Math.max(1, Math.floor(Math.max(input.length, candidate.length) / 3));
    if (d <= allowed && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function ownKeys(options: object): string[] {
  try {
    return Object.keys(options);
  } catch {
    return [];
  }
}

/**
 * Throws `ERR_SOCK_INVALID_OPTION` for the first own key of `options` that is not in `known`:
 * ``Unknown option `timout` in bind(); did you mean `timeout`?``
 * @example validateKnownKeys(options, ['host', 'port'], 'bind()')
 */
export function validateKnownKeys(options: object, known: readonly string[], where: string): void {
  for (const key of ownKeys(options)) {
    if (known.includes(key)) continue;
    const guess = didYouMean(key, known);
    const advice =
      guess === undefined
        ? `. Known options: ${known.map((name) => `\`${name}\``).join(', ')}.`
        : `; did you mean \`${guess}\`?`;
    throw new SockError({
      code: 'ERR_SOCK_INVALID_OPTION',
      message: `Unknown option \`${escapeText(key)}\` in ${where}${advice}`,
    });
  }
}
