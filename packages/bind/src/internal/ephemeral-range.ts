// The ports the kernel hands out for port 0, which is where bind() looks for a port free on every
// address when the kernel's own pick does not suit them all.
//
// - Linux: net.ipv4.ip_local_port_range (default 32768 60999; it applies to IPv6 too), minus
//   net.ipv4.ip_local_reserved_ports ("8080,9000-9010"), both per network namespace
//   (Documentation/networking/ip-sysctl.rst).
// - Elsewhere the IANA dynamic range, 49152-65535 (RFC 6335), which is the default on Windows
//   since Vista (`netsh int ipv4 show dynamicport tcp`) and on macOS (net.inet.ip.portrange.*).
import { readFileSync } from 'node:fs';

/** An inclusive range of ports. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** The IANA dynamic (ephemeral) port range. */
export const IANA_DYNAMIC: PortRange = { from: 49152, to: 65535 };

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

const isPort = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= 65535;

/** Parses the text of ip_local_port_range (`32768\t60999`); undefined when it does not parse. */
export function parsePortRange(text: string | undefined): PortRange | undefined {
  const [from = Number.NaN, to = Number.NaN] = (text ?? '').trim().split(/\s+/).map(Number);
  return isPort(from) && isPort(to) && from <= to ? { from, to } : undefined;
}

/** Parses the text of ip_local_reserved_ports (`8080,9000-9010`) into its ports. */
export function parseReservedPorts(text: string | undefined): Set<number> {
  const ports = new Set<number>();
  for (const part of (text ?? '').trim().split(',')) {
    const [a = Number.NaN, b = a] = part.split('-').map(Number);
    if (!isPort(a) || !isPort(b)) continue;
    for (let p = a; p <= b; p++) ports.add(p);
  }
  return ports;
}

/** This host's ephemeral range, and the ports inside it the kernel never hands out. */
export function ephemeralPorts(platform: NodeJS.Platform = process.platform): {
  range: PortRange;
  reserved: ReadonlySet<number>;
} {
  if (platform !== 'linux') return { range: IANA_DYNAMIC, reserved: new Set() };
  return {
    range: parsePortRange(readProc('/proc/sys/net/ipv4/ip_local_port_range')) ?? {
      from: 32768,
      to: 60999,
    },
    reserved: parseReservedPorts(readProc('/proc/sys/net/ipv4/ip_local_reserved_ports')),
  };
}
