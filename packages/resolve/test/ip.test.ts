import { spawnSync } from 'node:child_process';
import { isIP } from 'node:net';
import { isSockError } from '@sock/errors';
import {
  isLoopback,
  isWildcard,
  parseIp,
  parseNumericHost,
  toV4Mapped,
  type IpLiteral,
} from '../src/ip.js';
import fc from 'fast-check';
import { renderValue } from '@sock/errors/unstable-do-not-import';
import { describe, expect, it } from 'vitest';

const python = spawnSync('python3', ['--version']).status === 0;

// parseIp reads text only: none of these addresses is ever resolved, bound or sent to.
describe('parseIp', () => {
  const table: [string, IpLiteral | undefined][] = [
    ['127.0.0.1', { family: 4, address: '127.0.0.1' }],
    ['0.0.0.0', { family: 4, address: '0.0.0.0' }],
    ['255.255.255.255', { family: 4, address: '255.255.255.255' }],
    ['::1', { family: 6, address: '::1' }],
    ['::', { family: 6, address: '::' }],
    ['0:0:0:0:0:0:0:1', { family: 6, address: '::1' }],
    ['FE80::1', { family: 6, address: 'fe80::1' }],
    ['fe80::1%eth0', { family: 6, address: 'fe80::1', scopeId: 'eth0' }],
    ['fe80::1%2', { family: 6, address: 'fe80::1', scopeId: '2' }],
    ['::ffff:127.0.0.1', { family: 6, address: '::ffff:127.0.0.1' }],
    ['::FFFF:7f00:1', { family: 6, address: '::ffff:127.0.0.1' }],
    ['::1.2.3.4', { family: 6, address: '::1.2.3.4' }],
    ['::0.0.0.2', { family: 6, address: '::2' }],
    ['1:0:0:1:0:0:0:1', { family: 6, address: '1:0:0:1::1' }],
    ['1:0:0:0:1:0:0:1', { family: 6, address: '1::1:0:0:1' }],
    ['1:2:3:4:5:6:7::', { family: 6, address: '1:2:3:4:5:6:7:0' }],
    ['2001:db8:0:0:1:0:0:1', { family: 6, address: '2001:db8::1:0:0:1' }],
    ['0001::1', { family: 6, address: '1::1' }],
    // Not literals: legacy inet_aton forms, brackets, junk.
    ['127.1', undefined],
    ['0x7f.0.0.1', undefined],
    ['01.2.3.4', undefined],
    ['1.2.3.4.', undefined],
    ['256.0.0.1', undefined],
    ['1.2.3.4%eth0', undefined],
    ['[::1]', undefined],
    ['::1 ', undefined],
    ['1::2::3', undefined],
    ['1:2:3:4:5:6:7:8:9', undefined],
    ['1:2:3:4:5:6:7:8::', undefined],
    ['00001::1', undefined],
    ['fe80::1%', undefined],
    ['fe80::1%a%b', undefined],
    ['::ffff:127.1', undefined],
    ['localhost', undefined],
    ['', undefined],
  ];
  it.each(table)('%j', (text, expected) => {
    expect(parseIp(text)).toEqual(expected);
  });

  it('answers undefined for a value that is not a string', () => {
    for (const value of [undefined, null, 1, {}, []]) {
      expect(parseIp(value as never)).toBeUndefined();
    }
  });

  it('agrees with net.isIP on generated inputs', () => {
    const v4 = fc
      .tuple(fc.nat(300), fc.nat(300), fc.nat(300), fc.nat(300))
      .map((parts) => parts.join('.'));
    const group = fc.oneof(
      fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16)),
      fc.constant(''),
    );
    const v6 = fc.array(group, { minLength: 1, maxLength: 10 }).map((groups) => groups.join(':'));
    const zone = fc.oneof(fc.constant(''), fc.stringMatching(/^%[a-zA-Z0-9._:-]{0,6}$/));
    const mixed = fc.tuple(v6, v4).map(([a, b]) => `${a}:${b}`);
    const anyText = fc.oneof(
      v4,
      fc.tuple(v6, zone).map(([a, z]) => a + z),
      mixed,
      fc.string({ maxLength: 12 }),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.%'.split('')), maxLength: 20 }),
    );
    fc.assert(
      fc.property(anyText, (text) => {
        expect(parseIp(text)?.family ?? 0).toBe(isIP(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('prints the same address for every spelling of it', () => {
    const words = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), {
      minLength: 8,
      maxLength: 8,
    });
    fc.assert(
      fc.property(words, (w) => {
        const full = w.map((n) => n.toString(16).padStart(4, '0').toUpperCase()).join(':');
        const canonical = parseIp(full)?.address;
        expect(canonical).toBeDefined();
        // The canonical form reads back as itself, and as the same address.
        expect(parseIp(canonical!)?.address).toBe(canonical);
        expect(canonical).toBe(canonical!.toLowerCase());
        expect(canonical!.split('::').length).toBeLessThanOrEqual(2);
      }),
    );
  });
});

describe('parseNumericHost', () => {
  it.each([
    ['127.1', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['010.0.0.1', '8.0.0.1'],
    ['1.2.3', '1.2.0.3'],
    ['4294967295', '255.255.255.255'],
    ['0377.0.0.1', '255.0.0.1'],
  ])('takes the inet_aton form %j as %s', (text, address) => {
    expect(parseNumericHost(text)).toEqual({ family: 4, address });
  });

  it.each(['4294967296', '0400.0.0.1', '09.1.1.1', '0x', '1.2.3.4.', '::1%lo', '2001:db8::1%eth0'])(
    'rejects %j as glibc does',
    (text) => {
      expect(parseNumericHost(text)).toBeUndefined();
    },
  );

  it('takes a named zone on link-local addresses and a numeric zone on any', () => {
    expect(parseNumericHost('fe80::1%lo')).toEqual({
      family: 6,
      address: 'fe80::1',
      scopeId: 'lo',
    });
    expect(parseNumericHost('ff02::1%lo')?.scopeId).toBe('lo');
    expect(parseNumericHost('::1%1')).toEqual({ family: 6, address: '::1', scopeId: '1' });
  });
});

// glibc's getaddrinfo with AI_NUMERICHOST is the oracle: the same list goes to python3 once, and
// each answer must match parseNumericHost exactly and parseIp where the input is strict.
const tricky = [
  '127.0.0.1',
  '127.1',
  '0x7f.1',
  '0x7f.0.0.1',
  '01.2.3.4',
  '010.0.0.1',
  '1.2.3',
  '1',
  '4294967295',
  '4294967296',
  '256.1.1.1',
  '1.2.3.4.',
  '1.2.3.4 ',
  ' 1.2.3.4',
  '1.2.3.04',
  '0xffffffff',
  '0x100000000',
  '1.2.3.0x4',
  '1.2.0x10000',
  '1.0xffffff',
  '0377.0.0.1',
  '0400.0.0.1',
  '09.1.1.1',
  '00',
  '0x',
  '::1',
  '::',
  '::ffff:127.0.0.1',
  '::ffff:127.1',
  '::FFFF:1.2.3.4',
  '::FFFF:ABCD:1',
  '::ffff:0:1',
  '::2',
  '::0.0.0.2',
  '::1.2.3.4',
  '1:2:3:4:5:6:7:8',
  '1:2:3:4:5:6:7:8:9',
  '1::2::3',
  '1:2:3:4:5:6:7::',
  '0:0:0:0:0:0:0:1',
  '00001::1',
  '0001::1',
  '1:2:3:4:5:6:1.2.3.4',
  '1:0:0:1:0:0:0:1',
  '1:0:0:0:1:0:0:1',
  '0:0:1:0:0:0:0:0',
  '::1:ffff:1.2.3.4',
  '::fffe:1.2.3.4',
  'fe80::1%lo',
  'fe80::1%1',
  'fe80::1%99',
  'fe80::1%',
  '::1%lo',
  '::1%1',
  '1::1%lo',
  'ff02::1%lo',
  '2001:db8::1%lo',
  '1.2.3.4%lo',
  '[::1]',
  '',
  'a',
  'localhost',
  'fe80::1%lo%lo',
];

// Generated literals, mostly near-valid: inet_aton parts in every base, IPv6 groups with and
// without `::`, zones. Sampled with a fixed seed so the python3 run sees the same list each time.
const part = fc.oneof(
  fc.nat(300).map(String),
  fc.nat(0xffff).map((n) => `0${n.toString(8)}`),
  fc.nat(0xffffff).map((n) => `0x${n.toString(16)}`),
  fc.constantFrom('', '0', '00', '08', '0x', '4294967295', '4294967296', '16777216'),
);
const generated = fc.sample(
  fc.oneof(
    fc.array(part, { minLength: 1, maxLength: 5 }).map((p) => p.join('.')),
    fc
      .tuple(
        fc.array(
          fc.oneof(
            fc.nat(0xffff).map((n) => n.toString(16)),
            fc.constant(''),
          ),
          {
            minLength: 2,
            maxLength: 9,
          },
        ),
        fc.constantFrom('', '%lo', '%1', '%eth0', '%4294967295', '%4294967296'),
      )
      .map(([groups, zone]) => groups.join(':') + zone),
  ),
  { numRuns: 400, seed: 6724 },
);

it('generates enough valid literals for the oracle to mean something', () => {
  expect(generated.filter((t) => parseNumericHost(t)?.family === 4).length).toBeGreaterThan(20);
  expect(generated.filter((t) => parseNumericHost(t)?.family === 6).length).toBeGreaterThan(10);
});

describe.skipIf(!python)('against glibc getaddrinfo(AI_NUMERICHOST) through python3', () => {
  it('answers every tricky literal as the platform does', () => {
    const script = `
import json, socket, sys
out = []
for text in json.load(sys.stdin):
    try:
        info = socket.getaddrinfo(text.encode(), None, flags=socket.AI_NUMERICHOST)[0]
        out.append({"family": 6 if info[0] == socket.AF_INET6 else 4, "address": info[4][0],
                    "scope": info[4][3] if info[0] == socket.AF_INET6 else 0})
    except socket.gaierror:
        out.append(None)
json.dump(out, sys.stdout)
`;
    const run = spawnSync('python3', ['-c', script], {
      input: JSON.stringify([...tricky, ...generated]),
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const answers = JSON.parse(run.stdout) as ({
      family: 4 | 6;
      address: string;
      scope: number;
    } | null)[];
    expect(answers).toHaveLength(tricky.length + generated.length);
    for (const [i, text] of [...tricky, ...generated].entries()) {
      const oracle = answers[i] ?? undefined;
      const ours = parseNumericHost(text);
      expect({ text, family: ours?.family, address: ours?.address }).toEqual({
        text,
        family: oracle?.family,
        address: oracle?.address,
      });
      // parseIp is stricter (inet_pton, not inet_aton) but never disagrees on what it accepts.
      const strict = parseIp(text);
      if (strict !== undefined && !(strict.scopeId !== undefined && oracle === undefined)) {
        expect({ text, address: strict.address }).toEqual({ text, address: oracle?.address });
      }
      // A numeric zone is the scope id itself.
      if (ours?.scopeId !== undefined && /^\d+$/.test(ours.scopeId)) {
        expect(oracle?.scope).toBe(Number(ours.scopeId));
      }
    }
  });
});

describe('isLoopback / isWildcard / toV4Mapped', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['128.0.0.1', false],
    ['::2', false],
    ['localhost', false],
    ['', false],
  ])('isLoopback(%j) is %s', (address, expected) => {
    expect(isLoopback(address)).toBe(expected);
  });

  it.each([
    ['0.0.0.0', true],
    ['::', true],
    ['0:0::0', true],
    ['::ffff:0.0.0.0', true],
    ['0.0.0.1', false],
    ['*', false],
    ['', false],
  ])('isWildcard(%j) is %s', (address, expected) => {
    expect(isWildcard(address)).toBe(expected);
  });

  it('maps IPv4 into IPv6 and leaves IPv6 canonical', () => {
    expect(toV4Mapped('127.0.0.1')).toBe('::ffff:127.0.0.1');
    expect(toV4Mapped('0.0.0.0')).toBe('::ffff:0.0.0.0');
    expect(toV4Mapped('::1')).toBe('::1');
    expect(parseIp(toV4Mapped('10.1.2.3'))).toEqual({ family: 6, address: '::ffff:10.1.2.3' });
  });

  it('refuses to map what is not an address, with a SockError naming it', () => {
    for (const bad of ['localhost', '127.1', '', 42 as unknown as string]) {
      let caught: unknown;
      try {
        toV4Mapped(bad);
      } catch (err) {
        caught = err;
      }
      expect(isSockError(caught)).toBe(true);
      expect((caught as { code: string }).code).toBe('ERR_SOCK_INVALID_HOST');
      expect((caught as Error).message).toContain(renderValue(bad));
    }
  });
});
