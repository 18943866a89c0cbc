import { SockError } from '@sock/errors';
import { invalidOption } from '@sock/errors/unstable-do-not-import';

/** One entry of a port list after parsing: a number, or a service name still to resolve. */
export type PortItem = number | { readonly service: string };

/** A parsed `port` option. */
export interface ParsedPorts {
  readonly items: readonly PortItem[];
  /** The option as the user wrote it, for messages (`8000-8010`). */
  readonly label: string;
  /** True when the option named one port (not a list or range): no fallback. */
  readonly single: boolean;
}

// A service name as /etc/services spells them (letters, digits, a few punctuation marks).
const serviceName = /^[A-Za-z][A-Za-z0-9+._-]*$/;
const rangeText = /^(\d{1,5})\s*-\s*(\d{1,5})$/;

const invalid = (value: unknown, rule: string): SockError =>
  invalidOption('port', rule, value, 'ERR_SOCK_INVALID_PORT');

const PORT_RULE = "an integer from 0 to 65535, a service name, a range like '8000-8010' or a list";

function checkPort(n: number, original: unknown): number {
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw invalid(original, PORT_RULE);
  return n;
}

function range(from: number, to: number, original: unknown): number[] {
  checkPort(from, original);
  checkPort(to, original);
  if (from > to) {
    throw invalid(original, `a range whose start is not above its end (${from} > ${to})`);
  }
  const ports = new Array<number>(to - from + 1);
  for (let p = from; p <= to; p++) ports[p - from] = p;
  return ports;
}

function parseText(text: string, out: PortItem[]): void {
  const trimmed = text.trim();
  if (/^\d{1,5}$/.test(trimmed)) {
    out.push(checkPort(Number(trimmed), text));
    return;
  }
  const r = rangeText.exec(trimmed);
  if (r !== null) {
    out.push(...range(Number(r[1]), Number(r[2]), text));
    return;
  }
  if (!serviceName.test(trimmed)) throw invalid(text, PORT_RULE);
  out.push({ service: trimmed });
}

function parseEntry(entry: unknown, out: PortItem[]): void {
  if (typeof entry === 'number') out.push(checkPort(entry, entry));
  else if (typeof entry === 'string') parseText(entry, out);
  else throw invalid(entry, PORT_RULE);
}

// The default, shared: nothing modifies a ParsedPorts.
const EPHEMERAL: ParsedPorts = { items: [0], label: '0', single: true };

/** Parses the `port` option into the ordered list of ports to try, without the excluded ones. */
export function parsePorts(spec: unknown, exclude: ReadonlySet<number>): ParsedPorts {
  // The common case, one number or none, without the list machinery below.
  if (exclude.size === 0 && (spec === undefined || typeof spec === 'number')) {
    if (spec === undefined || spec === 0) return EPHEMERAL;
    const port = checkPort(spec, spec);
    return { items: [port], label: String(port), single: true };
  }
  const items: PortItem[] = [];
  let single = false;
  let label: string;
  if (spec === undefined) {
    items.push(0);
    single = true;
    label = '0';
  } else if (Array.isArray(spec)) {
    if (spec.length === 0) throw invalid(spec, 'a non-empty list');
    for (const entry of spec as unknown[]) parseEntry(entry, items);
    label = spec.map(String).join(',');
  } else if (typeof spec === 'object' && spec !== null) {
    const keys = Object.keys(spec);
    const { from, to } = spec as { from?: unknown; to?: unknown };
    if (
      keys.some((k) => k !== 'from' && k !== 'to') ||
      typeof from !== 'number' ||
      typeof to !== 'number'
    ) {
      throw invalid(spec, 'a range `{ from, to }` of two integers from 0 to 65535');
    }
    items.push(...range(from, to, spec));
    label = `${from}-${to}`;
  } else {
    parseEntry(spec, items);
    single = items.length === 1;
    label = typeof spec === 'number' ? String(spec) : (spec as string);
  }
  // Duplicates would only repeat a failure; excluded ports are dropped here, while a port 0 that
  // the kernel turns into an excluded one is caught after binding.
  const seen = new Set<number>();
  const kept = items.filter((item) => {
    if (typeof item !== 'number') return true;
    if (item !== 0 && exclude.has(item)) return false;
    if (seen.has(item)) return false;
    seen.add(item);
    return true;
  });
  if (kept.length === 0) throw excludesEveryPort(label);
  return { items: kept, label, single };
}

/** The error for an `exclude` list that leaves no port of the `port` option to try. */
export function excludesEveryPort(label: string): SockError {
  return new SockError({
    code: 'ERR_SOCK_INVALID_PORT',
    message: `The \`exclude\` option excludes every port of \`port\` \`${label}\`; widen the range or shorten the list.`,
  });
}
