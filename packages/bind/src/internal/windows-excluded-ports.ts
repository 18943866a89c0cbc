// Reading Windows' excluded port ranges: `netsh int ipv4 show excludedportrange protocol=tcp`.
//
// Windows answers WSAEACCES, not WSAEADDRINUSE, for a port inside a range reserved by Hyper-V,
// WSL 2, Docker or WinNAT (or by an administrator with `netsh int ipv4 add excludedportrange`),
// and nothing in `netstat` shows those ports as used. The format, from Microsoft's netsh
// documentation and real output pasted in public issues (microsoft/WSL#5306 in Spanish,
// localsend/localsend#125 in English with an administered range, the OpenTelemetry collector's
// GitHub Actions runners in open-telemetry/opentelemetry-collector-contrib#10872): a title
// ("Protocol tcp Port Exclusion Ranges", translated on other display languages), a header with two
// columns and a dashed rule, one `start end` row per range with a trailing `*` for administered
// ranges, and a legend line. Only the rows' shape is relied on, never the words.

/** One range of ports Windows keeps from ordinary binds. */
export interface ExcludedPortRange {
  readonly start: number;
  readonly end: number;
  /** Marked `*`: added by an administrator, as opposed to reserved by a service (Hyper-V, WinNAT). */
  readonly administered: boolean;
}

/** The fixed arguments of the netsh run for a protocol and family (no shell, nothing from input). */
export function excludedPortRangeArguments(
  protocol: 'tcp' | 'udp',
  family: 4 | 6,
): readonly string[] {
  return [
    'int',
    family === 6 ? 'ipv6' : 'ipv4',
    'show',
    'excludedportrange',
    `protocol=${protocol}`,
  ];
}

/** Parses the output of `netsh int ipv4 show excludedportrange` into its ranges, in order. */
export function parseExcludedPortRanges(text: string): ExcludedPortRange[] {
  const ranges: ExcludedPortRange[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(\d{1,5})\s+(\d{1,5})\s*(\*)?\s*$/.exec(line);
    if (match === null) continue;
    const start = Number(match[1]);
    const end = Number(match[2]);
    if (start > end || end > 65535) continue;
    ranges.push({ start, end, administered: match[3] === '*' });
  }
  return ranges;
}

/** The range that holds `port`, if any. */
export function excludedRangeOf(
  ranges: readonly ExcludedPortRange[],
  port: number,
): ExcludedPortRange | undefined {
  return ranges.find((range) => range.start <= port && port <= range.end);
}
