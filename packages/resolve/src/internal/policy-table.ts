/** The parts of an address that RFC 6724's source-free destination rules compare. */
export interface DestinationKey {
  /** Rule 6: from the policy table; higher goes first. */
  readonly precedence: number;
  /** Rule 8: RFC 4007 scope value; smaller goes first. */
  readonly scope: number;
}

/**
 * The default policy table of RFC 6724 section 2.1, longest prefix first so that the first match
 * is the longest. Prefixes are on the 128-bit form; IPv4 is looked up as `::ffff:a.b.c.d`. The
 * labels are left out: only rule 5 reads them, and it needs the source address.
 */
const POLICY: readonly {
  prefix: readonly number[];
  bits: number;
  precedence: number;
}[] = [
  { prefix: [0, 0, 0, 0, 0, 0, 0, 1], bits: 128, precedence: 50 }, // ::1/128
  { prefix: [0, 0, 0, 0, 0, 0xffff, 0, 0], bits: 96, precedence: 35 }, // ::ffff:0:0/96
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0], bits: 96, precedence: 1 }, // ::/96
  { prefix: [0x2001, 0, 0, 0, 0, 0, 0, 0], bits: 32, precedence: 5 }, // 2001::/32
  { prefix: [0x2002, 0, 0, 0, 0, 0, 0, 0], bits: 16, precedence: 30 }, // 2002::/16
  { prefix: [0x3ffe, 0, 0, 0, 0, 0, 0, 0], bits: 16, precedence: 1 }, // 3ffe::/16
  { prefix: [0xfec0, 0, 0, 0, 0, 0, 0, 0], bits: 10, precedence: 1 }, // fec0::/10
  { prefix: [0xfc00, 0, 0, 0, 0, 0, 0, 0], bits: 7, precedence: 3 }, // fc00::/7
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0], bits: 0, precedence: 40 }, // ::/0
];

const SCOPE_LINK_LOCAL = 2;
const SCOPE_SITE_LOCAL = 5;
const SCOPE_GLOBAL = 14;

/**
 * Precedence and scope of a destination address given as its 8 IPv6 words (IPv4 as
 * `::ffff:a.b.c.d`); undefined (not an IP address) sorts last among equals.
 */
export function destinationKey(words: readonly number[] | undefined): DestinationKey {
  if (words === undefined) return { precedence: 0, scope: SCOPE_GLOBAL };
  const policy = POLICY.find((p) => matches(words, p.prefix, p.bits));
  return {
    precedence: policy?.precedence ?? 40,
    scope: scopeOf(words),
  };
}

function matches(words: readonly number[], prefix: readonly number[], bits: number): boolean {
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if (((words[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

// RFC 6724 section 3: multicast carries its scope; link-local unicast and loopback are
// link-local; deprecated site-local is site-local. IPv4 (section 3.2): 127/8 and 169.254/16 are
// link-local, the rest global, private ranges included (as glibc's default scope table has it).
function scopeOf(words: readonly number[]): number {
  const first = words[0] ?? 0;
  if ((first & 0xff00) === 0xff00) return first & 0x000f;
  if ((first & 0xffc0) === 0xfe80) return SCOPE_LINK_LOCAL;
  if ((first & 0xffc0) === 0xfec0) return SCOPE_SITE_LOCAL;
  if (words.slice(0, 7).every((w) => w === 0) && words[7] === 1) return SCOPE_LINK_LOCAL;
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) {
    const hi = words[6] ?? 0;
    if (hi >> 8 === 127 || hi === 0xa9fe) return SCOPE_LINK_LOCAL;
  }
  return SCOPE_GLOBAL;
}
