// The IPv6 text form, both ways, for ip.ts and the address ordering in policy-table.ts.

const V4_OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d)';
/** Dotted-quad IPv4 as inet_pton takes it: four decimal parts from 0 to 255, no leading zeros. */
export const V4_DOTTED: RegExp = new RegExp(`^${V4_OCTET}(?:\\.${V4_OCTET}){3}$`);
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** The 8 16-bit words of an IPv6 address (no zone), or undefined when it is not one. */
export function parseIpv6Words(text: string): number[] | undefined {
  if (text.length < 2 || text.length > 45) return undefined;
  const double = text.indexOf('::');
  if (double !== -1 && text.indexOf('::', double + 1) !== -1) return undefined;
  const headText = double === -1 ? text : text.slice(0, double);
  const tailText = double === -1 ? '' : text.slice(double + 2);
  const head = parseGroups(headText, double === -1);
  const tail = double === -1 ? [] : parseGroups(tailText, true);
  if (head === undefined || tail === undefined) return undefined;
  if (double === -1) return head.length === 8 ? head : undefined;
  // `::` stands for one group or more, never for none (as inet_pton rules).
  if (head.length + tail.length > 7) return undefined;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

function parseGroups(text: string, ipv4Allowed: boolean): number[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  const words: number[] = [];
  for (const [i, part] of parts.entries()) {
    if (i === parts.length - 1 && ipv4Allowed && part.includes('.')) {
      if (!V4_DOTTED.test(part)) return undefined;
      const [a = 0, b = 0, c = 0, d = 0] = part.split('.').map(Number);
      words.push((a << 8) | b, (c << 8) | d);
    } else if (HEX_GROUP.test(part)) {
      words.push(parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return words;
}

/**
 * Prints 8 words as glibc's inet_ntop does, which is RFC 5952 (lower case, the longest run of two
 * or more zero groups as `::`, the first on a tie) with dotted IPv4 in `::ffff:a.b.c.d` and in the
 * deprecated IPv4-compatible `::a.b.c.d` (when the last two words are not just `::1`-like).
 */
export function formatIpv6Words(words: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestLength < 2) bestStart = -1;
  const embedV4 =
    bestStart === 0 && (bestLength === 6 || (bestLength === 5 && words[5] === 0xffff));
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += i === 0 ? '::' : ':';
      i += bestLength - 1;
      continue;
    }
    if (embedV4 && i === 6) {
      const hi = words[6] ?? 0;
      const lo = words[7] ?? 0;
      return `${out}${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
    }
    out += (words[i] ?? 0).toString(16) + (i < 7 ? ':' : '');
  }
  return out;
}
