import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressesConflict, canonicalAddress } from '../src/internal/address-conflict.js';
import {
  TCP_LISTEN,
  decodeProcAddress,
  formatIPv6,
  parseProcNet,
  socketInode,
} from '../src/internal/proc-net.js';

// Captured from a little-endian (x86-64) Linux host, trimmed to the interesting columns' widths.
const tcp = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 35183 1 0000000000000000 100 0 0 10 0
   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1234 1 0000000000000000 100 0 0 10 0
   2: 0100007F:1F90 0100007F:A2C4 06 00000000:00000000 03:00000F6E 00000000     0        0 0 3 0000000000000000
   3: 020200C0:D431 030200C0:01BB 01 00000000:00000000 00:00000000 00000000  1000        0 99887 1 0000000000000000 20 4 30 10 -1
`;
const tcp6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0
   1: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000    33        0 5151 1 0000000000000000 100 0 0 10 0
   2: 0000000000000000FFFF00000100007F:0051 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 6161 1 0000000000000000 100 0 0 10 0
   3: B80D0120000000000000000001000000:0052 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7171 1 0000000000000000 100 0 0 10 0
   4: 000080FE00000000FF00FC00010000FE:0053 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 8181 1 0000000000000000 100 0 0 10 0
`;
const udp = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  120: 3500007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   101        0 2020 2 0000000000000000 0
`;

describe('parseProcNet', () => {
  it('decodes IPv4 sockets, states, uids and inodes', () => {
    expect(parseProcNet(tcp, true)).toEqual([
      { address: '127.0.0.1', family: 4, port: 8080, state: TCP_LISTEN, uid: 1000, inode: 35183 },
      { address: '0.0.0.0', family: 4, port: 22, state: TCP_LISTEN, uid: 0, inode: 1234 },
      { address: '127.0.0.1', family: 4, port: 8080, state: 6, uid: 0, inode: 0 },
      { address: '192.0.2.2', family: 4, port: 54321, state: 1, uid: 1000, inode: 99887 },
    ]);
  });

  it('decodes IPv6 sockets word by word', () => {
    expect(parseProcNet(tcp6, true).map((s) => [s.address, s.port, s.inode])).toEqual([
      ['::1', 8081, 4242],
      ['::', 80, 5151],
      ['::ffff:127.0.0.1', 81, 6161],
      ['2001:db8::1', 82, 7171],
      ['fe80::fc:ff:fe00:1', 83, 8181],
    ]);
  });

  it('reads UDP tables (state 07)', () => {
    expect(parseProcNet(udp, true)).toEqual([
      { address: '127.0.0.53', family: 4, port: 53, state: 7, uid: 101, inode: 2020 },
    ]);
  });

  it('skips headers, blank and malformed lines', () => {
    expect(parseProcNet('', true)).toEqual([]);
    expect(parseProcNet('garbage\n  0: zz:1F90 x 0A a b c 0 0 1\n', true)).toEqual([]);
    expect(parseProcNet('   0: 0100007F:1F90 00000000:0000 0A\n', true)).toEqual([]);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), fc.boolean(), (text, le) => {
        expect(Array.isArray(parseProcNet(text, le))).toBe(true);
      }),
    );
  });
});

describe('decodeProcAddress', () => {
  it('follows the host byte order', () => {
    expect(decodeProcAddress('0100007F', true)).toBe('127.0.0.1');
    expect(decodeProcAddress('7F000001', false)).toBe('127.0.0.1');
    expect(decodeProcAddress('00000000000000000000000001000000', true)).toBe('::1');
    expect(decodeProcAddress('00000000000000000000000000000001', false)).toBe('::1');
    expect(decodeProcAddress('123', true)).toBeUndefined();
    expect(decodeProcAddress('XYZ00000', true)).toBeUndefined();
  });

  const toHex = (bytes: readonly number[], le: boolean): string => {
    let hex = '';
    for (let i = 0; i < bytes.length; i += 4) {
      const word = bytes.slice(i, i + 4);
      for (const b of le ? word.reverse() : word) hex += b.toString(16).padStart(2, '0');
    }
    return hex.toUpperCase();
  };

  it('round-trips every IPv4 address in either byte order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }),
        fc.boolean(),
        (bytes, le) => {
          expect(decodeProcAddress(toHex(bytes, le), le)).toBe(bytes.join('.'));
        },
      ),
    );
  });

  it('gives valid, canonical IPv6 text for every 16 bytes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 }),
        fc.boolean(),
        (bytes, le) => {
          const text = decodeProcAddress(toHex(bytes, le), le) ?? '';
          expect(isIP(text)).toBe(6);
          const groups: string[] = [];
          for (let i = 0; i < 16; i += 2)
            groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
          expect(canonicalAddress(text)).toBe(canonicalAddress(groups.join(':')));
        },
      ),
    );
  });

  it('compresses the longest zero run, the first on a tie (RFC 5952)', () => {
    const g = (...groups: number[]): number[] => groups.flatMap((x) => [x >> 8, x & 0xff]);
    expect(formatIPv6(g(0, 0, 0, 0, 0, 0, 0, 0))).toBe('::');
    expect(formatIPv6(g(1, 0, 0, 2, 0, 0, 0, 3))).toBe('1:0:0:2::3');
    expect(formatIPv6(g(1, 0, 0, 2, 0, 0, 3, 4))).toBe('1::2:0:0:3:4');
    expect(formatIPv6(g(1, 0, 2, 3, 4, 5, 6, 7))).toBe('1:0:2:3:4:5:6:7');
    expect(formatIPv6(g(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0))).toBe('2001:db8::');
  });
});

describe('socketInode', () => {
  it('reads socket links only', () => {
    expect(socketInode('socket:[35183]')).toBe(35183);
    expect(socketInode('pipe:[35183]')).toBeUndefined();
    expect(socketInode('/dev/null')).toBeUndefined();
  });
});

describe('addressesConflict', () => {
  const table: [held: string, wanted: string, conflict: boolean][] = [
    ['127.0.0.1', '127.0.0.1', true],
    ['127.0.0.1', '127.0.0.2', false],
    ['0.0.0.0', '127.0.0.1', true],
    ['127.0.0.1', '0.0.0.0', true],
    ['0.0.0.0', '::1', false],
    ['::', '127.0.0.1', true],
    ['::1', '::', true],
    ['::1', '0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', '127.0.0.1', true],
    ['::1', '127.0.0.1', false],
    ['fe80::1', 'fe80::1%eth0', true],
    ['127.0.0.1', 'localhost', false],
  ];
  it.each(table)('%s held, %s wanted: %s', (held, wanted, conflict) => {
    expect(addressesConflict(held, wanted)).toBe(conflict);
  });
});
