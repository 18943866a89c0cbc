import { readFileSync, statSync } from 'node:fs';
import { SockError } from '@sock/errors';
import { etcFields, etcPath } from './internal/etc-file.js';
import { parseIp } from './ip.js';
import { renderValue } from '@sock/errors/unstable-do-not-import';

/** One address a hosts file gives for a name. */
export interface HostsEntry {
  /** The address in canonical text form, without a zone. */
  readonly address: string;
  /** The address family: 4 or 6. */
  readonly family: 4 | 6;
  /** The IPv6 zone, where the file gives one (`fe80::1%eth0`). */
  readonly scopeId?: string;
}

/** A hosts file, answering as nsswitch's `files` source would. */
export interface HostsFile {
  /** All addresses for a name or alias (case-insensitive), in file order; undefined when absent. */
  lookup(name: string): readonly HostsEntry[] | undefined;
  /** The canonical name (the first name on the first line that has the name) of a name or alias. */
  canonicalName(name: string): string | undefined;
}

/** How often openHostsFile checks the file for changes, in milliseconds. */
export interface HostsFileOptions {
  /** At most one stat() per this many milliseconds (default 1000; 0 checks on every lookup). */
  readonly checkInterval?: number;
}

interface HostsName {
  entries: HostsEntry[];
  canonical: string;
}
type HostsTable = Map<string, HostsName>;

const DEFAULT_CHECK_INTERVAL = 1000;

/**
 * Opens a hosts file (default: `/etc/hosts`, on Windows `%SystemRoot%\System32\drivers\etc\hosts`)
 * and answers from it without the threadpool. The file is read on first use and read again when
 * its modification time, size or inode changes, checked with one cheap stat() at most once a
 * second. A missing or unreadable file answers undefined for every name.
 *
 * @example openHostsFile().lookup('localhost') // [{ address: '127.0.0.1', family: 4 }]
 */
export function openHostsFile(path?: string, options?: HostsFileOptions): HostsFile {
  const reader = openHostsReader(path, options);
  return {
    lookup(name: string): readonly HostsEntry[] | undefined {
      if (typeof name !== 'string') return undefined;
      return reader.entries(name.toLowerCase());
    },
    canonicalName(name: string): string | undefined {
      if (typeof name !== 'string') return undefined;
      return reader.canonicalName(name.toLowerCase());
    },
  };
}

/** A hosts file, asked by lower-case name (a resolver has the name folded already). */
export interface HostsReader {
  /** All addresses for a lower-case name or alias, in file order; undefined when absent. */
  entries(lower: string): readonly HostsEntry[] | undefined;
  /** The canonical name of a lower-case name or alias. */
  canonicalName(lower: string): string | undefined;
}

/** openHostsFile() for names already in lower case. */
export function openHostsReader(path?: string, options?: HostsFileOptions): HostsReader {
  if (path !== undefined && (typeof path !== 'string' || path === '')) {
    throw new SockError({
      code: 'ERR_SOCK_INVALID_ARGUMENT',
      message: `The hosts file path must be a non-empty string, got ${renderValue(path)}.`,
    });
  }
  const interval: unknown = options?.checkInterval ?? DEFAULT_CHECK_INTERVAL;
  if (typeof interval !== 'number' || !(interval >= 0)) {
    throw new SockError({
      code: 'ERR_SOCK_INVALID_OPTION',
      message: `The \`checkInterval\` option must be a number of milliseconds, 0 or more, got ${renderValue(interval)}.`,
    });
  }
  return new Reader(path ?? defaultHostsPath(), new CheckDue(interval));
}

class Reader implements HostsReader {
  private readonly file: string;
  private readonly check: CheckDue;
  private table: HostsTable = new Map();
  private signature: string | undefined = undefined;

  constructor(file: string, check: CheckDue) {
    this.file = file;
    this.check = check;
  }

  entries(lower: string): readonly HostsEntry[] | undefined {
    return this.current().get(lower)?.entries;
  }

  canonicalName(lower: string): string | undefined {
    return this.current().get(lower)?.canonical;
  }

  /** The table, read again first when a check is due and finds the file changed. */
  private current(): HostsTable {
    if (!this.check.due()) return this.table;
    let next: string;
    try {
      const stat = statSync(this.file, { throwIfNoEntry: false, bigint: true });
      next = stat === undefined ? 'missing' : `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
    } catch {
      next = 'unreadable';
    }
    if (next === this.signature) return this.table;
    this.signature = next;
    this.table =
      next === 'missing' || next === 'unreadable'
        ? new Map<string, HostsName>()
        : readTable(this.file);
    return this.table;
  }
}

// The longest delay setTimeout takes; a longer interval is waited out in steps.
const MAX_DELAY = 2_147_483_647;
// A timer lost to fake timers in a test would stop the checks for good: every this many calls,
// one reads the clock to see whether a check is overdue.
const CLOCK_READ_EVERY = 1024;

/**
 * Says when a check is due, at most once per interval, without reading the clock on every call:
 * after a check, an unref'd timer marks the next one due when the interval has passed.
 */
class CheckDue {
  private readonly interval: number;
  private dueNow = true;
  private checkedAt = 0;
  private calls = 0;
  private timer: NodeJS.Timeout | undefined = undefined;

  constructor(interval: number) {
    this.interval = interval;
  }

  /** True when a check is due, and then the next one is counted from now. */
  due(): boolean {
    if (this.interval === 0) return true;
    if (!this.dueNow) {
      if (++this.calls < CLOCK_READ_EVERY) return false;
      this.calls = 0;
      if (performance.now() - this.checkedAt < this.interval) return false;
    }
    this.dueNow = false;
    this.checkedAt = performance.now();
    this.wait(this.interval);
    return true;
  }

  private wait(ms: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(markDue, Math.min(MAX_DELAY, Math.max(1, Math.ceil(ms))), this);
    this.timer.unref();
  }

  /** The timer fired: the check is due, unless it fired early (or the interval is longer). */
  elapsed(): void {
    this.timer = undefined;
    const left = this.checkedAt + this.interval - performance.now();
    if (left > 0) this.wait(left);
    else this.dueNow = true;
  }
}

function markDue(check: CheckDue): void {
  check.elapsed();
}

function readTable(file: string): HostsTable {
  let text: string;
  try {
    text = readFileSync(file, 'latin1');
  } catch {
    return new Map();
  }
  const table = parseHosts(text);
  // Callers get these arrays as they are; freezing keeps one caller from changing another's answer.
  for (const value of table.values()) {
    for (const entry of value.entries) Object.freeze(entry);
    Object.freeze(value.entries);
  }
  return table;
}

/** The path of the platform's hosts file. */
export function defaultHostsPath(): string {
  return etcPath('hosts');
}

/**
 * Parses hosts(5) text (`address name [aliases...] [# comment]`) into a map from each lower-cased
 * name and alias to all its addresses in file order (every line that has the name counts, as
 * glibc's files source reads them for getaddrinfo) and the canonical name of its first line.
 * Addresses must be strict IP literals, as glibc's inet_pton takes them; lines with anything else
 * are skipped. Two deliberate differences from glibc: an IPv6 zone (`fe80::1%eth0`) is accepted
 * and kept as `scopeId` where glibc skips the line, and an address repeated for a name is listed
 * once.
 */
export function parseHosts(text: string): HostsTable {
  const table: HostsTable = new Map();
  for (const [addressText, canonical, ...aliases] of etcFields(text)) {
    if (addressText === undefined || canonical === undefined) continue;
    const ip = parseIp(addressText);
    if (ip === undefined) continue;
    const entry: HostsEntry =
      ip.scopeId === undefined
        ? { address: ip.address, family: ip.family }
        : { address: ip.address, family: ip.family, scopeId: ip.scopeId };
    for (const name of [canonical, ...aliases]) {
      const key = name.toLowerCase();
      let value = table.get(key);
      if (value === undefined) {
        value = { entries: [], canonical };
        table.set(key, value);
      }
      const duplicate = value.entries.some(
        (e) => e.address === entry.address && e.scopeId === entry.scopeId,
      );
      if (!duplicate) value.entries.push(entry);
    }
  }
  return table;
}
