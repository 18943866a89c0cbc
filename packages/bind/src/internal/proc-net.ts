// Parsing of the kernel's socket tables in /proc/net/{tcp,tcp6,udp,udp6}. Kept apart from the file
// system walk so that it can be tested on captured text.
//
// Format (Linux net/ipv4/tcp_ipv4.c get_tcp4_sock, net/ipv6/tcp_ipv6.c get_tcp6_sock): after a
// header line, one socket per line; the fields that matter are
//   1 local_address  ADDR:PORT, ADDR as the raw in_addr/in6_addr printed as 32-bit words in host
//                    byte order (%08X each), PORT after ntohs (%04X, so plain big-endian hex)
//   3 st             TCP state in hex; 0A is TCP_LISTEN. UDP sockets show 07 (TCP_CLOSE) or 01.
//   7 uid            the owner's uid
//   9 inode          the socket inode, as in the `socket:[inode]` link of /proc/<pid>/fd/<n>;
//                    0 for sockets no file refers to (TIME_WAIT, orphans)

import { parseIp } from '@sock/resolve';

/** One socket from /proc/net/tcp, tcp6, udp or udp6. */
export interface ProcNetSocket {
  readonly address: string;
  readonly family: 4 | 6;
  readonly port: number;
  readonly state: number;
  readonly uid: number;
  readonly inode: number;
}

/** TCP_LISTEN in include/net/tcp_states.h. */
export const TCP_LISTEN = 0x0a;

/** Decodes one 32-bit word printed in host byte order into its 4 bytes in network order. */
function wordBytes(hex: string, littleEndian: boolean): number[] {
  const value = Number.parseInt(hex, 16);
  const bytes = [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
  return littleEndian ? bytes.reverse() : bytes;
}

/** Formats 16 bytes as RFC 5952 text, the way Node prints addresses (`::1`, `::ffff:127.0.0.1`). */
export function formatIPv6(bytes: readonly number[]): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) {
    groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  }
  const text = groups.join(':');
  // Eight hex groups always parse; parseIp prints them canonically, as Node's inet_ntop does.
  return parseIp(text)?.address ?? text;
}

/**
 * Decodes the hex address of a /proc/net line: 8 digits for IPv4, 32 for IPv6, each 32-bit word
 * in the host's byte order (`0100007F` is 127.0.0.1 on a little-endian machine).
 */
export function decodeProcAddress(hex: string, littleEndian: boolean): string | undefined {
  if (!/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
  if (hex.length === 8) return wordBytes(hex, littleEndian).join('.');
  if (hex.length !== 32) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < 32; i += 8) bytes.push(...wordBytes(hex.slice(i, i + 8), littleEndian));
  return formatIPv6(bytes);
}

/** Parses the text of one /proc/net table; lines that do not parse are skipped. */
export function parseProcNet(text: string, littleEndian: boolean): ProcNetSocket[] {
  const sockets: ProcNetSocket[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const local = fields[1];
    if (fields.length < 10 || local === undefined || !/^\d+:$/.test(fields[0] ?? '')) continue;
    const colon = local.indexOf(':');
    const address = decodeProcAddress(local.slice(0, colon), littleEndian);
    const port = Number.parseInt(local.slice(colon + 1), 16);
    const state = Number.parseInt(fields[3] ?? '', 16);
    const uid = Number(fields[7]);
    const inode = Number(fields[9]);
    if (address === undefined || !Number.isInteger(port) || !Number.isInteger(inode)) continue;
    sockets.push({
      address,
      family: address.includes(':') ? 6 : 4,
      port,
      state,
      uid,
      inode,
    });
  }
  return sockets;
}

/** Parses a `/proc/<pid>/fd/<n>` link target; the inode for `socket:[12345]`, else undefined. */
export function socketInode(link: string): number | undefined {
  const match = /^socket:\[(\d+)\]$/.exec(link);
  return match === null ? undefined : Number(match[1]);
}
