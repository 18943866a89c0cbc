import { isSockError } from '@sock/errors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortAddresses, type AddressOrder } from '../src/order.js';

interface Addr {
  readonly address: string;
  readonly family: 4 | 6;
  readonly id?: number;
}

const a = (address: string, id?: number): Addr =>
  id === undefined
    ? { address, family: address.includes(':') ? 6 : 4 }
    : { address, family: address.includes(':') ? 6 : 4, id };
const addresses = (list: readonly Addr[]): string[] => list.map((x) => x.address);

describe('sortAddresses', () => {
  it('refuses entries that are not addresses with a SockError naming the entry', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.anything(), fc.record({ address: fc.anything(), family: fc.anything() })),
        fc.constantFrom<AddressOrder>('verbatim', 'ipv4first', 'ipv6first', 'rfc6724'),
        (entry, order) => {
          const valid =
            typeof entry === 'object' &&
            entry !== null &&
            typeof (entry as { address?: unknown }).address === 'string' &&
            [4, 6].includes((entry as { family?: unknown }).family as number);
          fc.pre(!valid);
          let thrown: unknown;
          try {
            sortAddresses([a('127.0.0.1'), entry as Addr], order);
          } catch (err) {
            thrown = err;
          }
          expect(isSockError(thrown)).toBe(true);
          expect((thrown as Error).message).toMatch(/at index 1\.$/);
        },
      ),
    );
  });

  it("puts ::1 before 127.0.0.1, as glibc's getaddrinfo does", () => {
    expect(addresses(sortAddresses([a('127.0.0.1'), a('::1')], 'rfc6724'))).toEqual([
      '::1',
      '127.0.0.1',
    ]);
  });

  // Each case: the input order and the RFC 6724 order, with the rule that decides.
  const rfc6724: [string, string[], string[]][] = [
    [
      'rule 6: global IPv6 (40) before IPv4 (35)',
      ['192.0.2.1', '2001:db8::1'],
      ['2001:db8::1', '192.0.2.1'],
    ],
    [
      'rule 6: IPv4 (35) before 6to4 (30)',
      ['2002:c000:201::1', '192.0.2.1'],
      ['192.0.2.1', '2002:c000:201::1'],
    ],
    [
      'rule 6: 6to4 (30) before Teredo (5)',
      ['2001:0:1::1', '2002:c000:201::1'],
      ['2002:c000:201::1', '2001:0:1::1'],
    ],
    ['rule 6: Teredo (5) before ULA (3)', ['fd00::1', '2001:0:1::1'], ['2001:0:1::1', 'fd00::1']],
    ['rule 6: ULA (3) before site-local (1)', ['fec0::1', 'fd00::1'], ['fd00::1', 'fec0::1']],
    ['rule 6: IPv4 before ULA', ['fd12:3456::1', '10.0.0.1'], ['10.0.0.1', 'fd12:3456::1']],
    ['rule 6: IPv4-compatible (1) last', ['::1.2.3.4', '192.0.2.1'], ['192.0.2.1', '::1.2.3.4']],
    ['rule 6: 6bone (1) after IPv4', ['3ffe::1', '192.0.2.1'], ['192.0.2.1', '3ffe::1']],
    [
      'rule 6: mapped IPv4 counts as IPv4',
      ['::ffff:192.0.2.1', '2001:db8::1'],
      ['2001:db8::1', '::ffff:192.0.2.1'],
    ],
    [
      'rule 8: link-local IPv6 before global IPv6',
      ['2001:db8::1', 'fe80::1'],
      ['fe80::1', '2001:db8::1'],
    ],
    [
      'rule 8: zone ignored for scope',
      ['2001:db8::1', 'fe80::1%eth0'],
      ['fe80::1%eth0', '2001:db8::1'],
    ],
    [
      'rule 8: 127/8 (link-local) before global IPv4',
      ['192.0.2.1', '127.0.0.1'],
      ['127.0.0.1', '192.0.2.1'],
    ],
    [
      'rule 8: 169.254/16 (link-local) before global IPv4',
      ['10.0.0.1', '169.254.1.1'],
      ['169.254.1.1', '10.0.0.1'],
    ],
    [
      'rule 8: private IPv4 is global, so kept in order',
      ['10.0.0.1', '192.0.2.1'],
      ['10.0.0.1', '192.0.2.1'],
    ],
    ['rule 8: multicast scope from the address', ['ff0e::1', 'ff02::1'], ['ff02::1', 'ff0e::1']],
    [
      'rule 10: equals keep their order',
      ['2001:db8::2', '2001:db8::1'],
      ['2001:db8::2', '2001:db8::1'],
    ],
    ['non-literals sort after every literal', ['not-an-ip', '3ffe::1'], ['3ffe::1', 'not-an-ip']],
  ];
  it.each(rfc6724)('%s', (_rule, input, expected) => {
    expect(
      addresses(
        sortAddresses(
          input.map((x) => a(x)),
          'rfc6724',
        ),
      ),
    ).toEqual(expected);
  });

  it('orders by family on request, keeping the order within each', () => {
    const list = [a('127.0.0.1', 1), a('::1', 2), a('10.0.0.1', 3), a('fe80::1', 4)];
    expect(sortAddresses(list, 'ipv6first').map((x) => x.id)).toEqual([2, 4, 1, 3]);
    expect(sortAddresses(list, 'ipv4first').map((x) => x.id)).toEqual([1, 3, 2, 4]);
    expect(sortAddresses(list, 'verbatim').map((x) => x.id)).toEqual([1, 2, 3, 4]);
  });

  const orders: AddressOrder[] = ['rfc6724', 'verbatim', 'ipv6first', 'ipv4first'];
  const pool = [
    '::1',
    '127.0.0.1',
    '10.0.0.1',
    '2001:db8::1',
    'fe80::1',
    'fd00::1',
    '2002::1',
    '169.254.0.1',
    '::ffff:1.2.3.4',
    'ff02::1',
    'x',
  ];

  it('gives a new array that is a stable permutation of the input, which stays untouched', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pool), { maxLength: 12 }),
        fc.constantFrom(...orders),
        (picked, order) => {
          const input = Object.freeze(picked.map((address, id) => a(address, id)));
          const before = JSON.stringify(input);
          const out = sortAddresses(input, order);
          expect(out).not.toBe(input);
          expect(JSON.stringify(input)).toBe(before);
          expect([...out].sort((x, y) => x.id! - y.id!)).toEqual([...input]);
          // Stable: two entries with the same address keep their relative order.
          for (let i = 0; i < out.length; i++) {
            for (let j = i + 1; j < out.length; j++) {
              if (out[i]!.address === out[j]!.address)
                expect(out[i]!.id!).toBeLessThan(out[j]!.id!);
            }
          }
        },
      ),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pool), { maxLength: 12 }),
        fc.constantFrom(...orders),
        (picked, order) => {
          const once = sortAddresses(
            picked.map((x) => a(x)),
            order,
          );
          expect(sortAddresses(once, order)).toEqual(once);
        },
      ),
    );
  });

  it('rejects an unknown order and a list that is not an array with a SockError', () => {
    for (const [list, order, code] of [
      [[], 'fastest', 'ERR_SOCK_INVALID_OPTION'],
      [[], undefined, 'ERR_SOCK_INVALID_OPTION'],
      ['::1', 'verbatim', 'ERR_SOCK_INVALID_ARGUMENT'],
    ] as const) {
      let caught: unknown;
      try {
        sortAddresses(list as unknown as Addr[], order as unknown as AddressOrder);
      } catch (err) {
        caught = err;
      }
      expect(isSockError(caught)).toBe(true);
      expect((caught as { code: string }).code).toBe(code);
    }
  });
});
