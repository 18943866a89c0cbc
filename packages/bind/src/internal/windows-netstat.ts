// Reading Windows' `netstat -ano -p <proto>` and `tasklist /fo csv /nh` output, to name the process
// that holds a port after an EADDRINUSE.
//
// The formats, as Microsoft documents them (learn.microsoft.com, Windows commands: netstat and
// tasklist) and as pasted from real machines in public issues:
// - netstat -ano: a title line ("Active Connections", translated on other display languages), a
//   header line (Proto, Local Address, Foreign Address, State, PID; translated too), then one row per
//   socket: `TCP    0.0.0.0:135    0.0.0.0:0    LISTENING    1032`. IPv6 endpoints are bracketed
//   (`[::]:135`, `[fe80::1%7]:49670`). UDP rows have no state and `*:*` as foreign address. `-p TCP`
//   lists IPv4 TCP only; IPv6 needs `-p TCPv6` (same for UDP/UDPv6). The state column is translated
//   on some display languages (German shows ABHÖREN), so a TCP listener is recognised by its foreign
//   address `0.0.0.0:0` / `[::]:0`, which no language changes; the PID is always the last column.
// - tasklist /fo csv /nh: `"node.exe","4242","Console","1","48,320 K"`, image name first and PID
//   second, both quoted; when nothing matches a /fi filter it prints an INFO line instead.

/** One socket from `netstat -ano`. */
export interface NetstatSocket {
  readonly protocol: 'tcp' | 'udp';
  readonly family: 4 | 6;
  /** The local address without brackets, an IPv6 zone kept (`fe80::1%7`). */
  readonly address: string;
  readonly port: number;
  /** TCP: listening (foreign address `0.0.0.0:0` or `[::]:0`). UDP: always true (bound). */
  readonly listening: boolean;
  /** The state column as printed (`LISTENING`, `ESTABLISHED`...); absent for UDP. */
  readonly state?: string;
  readonly pid: number;
}

/** The fixed arguments of the netstat run for a protocol and family (no shell, nothing from input). */
export function netstatArguments(protocol: 'tcp' | 'udp', family: 4 | 6): readonly string[] {
  const name = protocol === 'tcp' ? 'TCP' : 'UDP';
  return ['-ano', '-p', family === 6 ? `${name}v6` : name];
}

function splitEndpoint(text: string): { address: string; port: number | undefined } | undefined {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return undefined;
  let address = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  if (portText === '*') return { address, port: undefined };
  if (!/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  return port > 65535 ? undefined : { address, port };
}

/**
 * Parses `netstat -ano` output into its sockets. Lines that are not socket rows (titles, headers in
 * any language, blank lines) are skipped, as are rows that do not parse.
 */
export function parseNetstat(text: string): NetstatSocket[] {
  const sockets: NetstatSocket[] = [];
  for (const line of text.split(/\r?\n/)) {
    const fields = line.trim().split(/\s+/);
    const proto = fields[0]?.toUpperCase();
    if (proto !== 'TCP' && proto !== 'UDP') continue;
    const protocol = proto === 'TCP' ? 'tcp' : 'udp';
    // TCP: proto local foreign state... pid; UDP: proto local foreign pid.
    if (fields.length < (protocol === 'tcp' ? 5 : 4)) continue;
    const local = splitEndpoint(fields[1] ?? '');
    const foreign = fields[2] ?? '';
    const pidText = fields[fields.length - 1] ?? '';
    if (local?.port === undefined || !/^\d+$/.test(pidText)) continue;
    const family = local.address.includes(':') ? 6 : 4;
    const pid = Number(pidText);
    if (protocol === 'udp') {
      sockets.push({
        protocol,
        family,
        address: local.address,
        port: local.port,
        listening: true,
        pid,
      });
      continue;
    }
    const remote = splitEndpoint(foreign);
    const state = fields.slice(3, -1).join(' ');
    sockets.push({
      protocol,
      family,
      address: local.address,
      port: local.port,
      listening: remote?.port === 0,
      ...(state === '' ? {} : { state }),
      pid,
    });
  }
  return sockets;
}

/** Reads `tasklist /fo csv /nh` output into a map from PID to image name (`node.exe`). */
export function parseTasklistCsv(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^"((?:[^"]|"")*)","(\d+)"/.exec(line.trim());
    if (match === null) continue;
    const [, name = '', pid = ''] = match;
    names.set(Number(pid), name.replace(/""/g, '"'));
  }
  return names;
}
