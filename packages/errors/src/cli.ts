// The sock-errno command: like moreutils' errno, but across platforms and namespaces. The logic is
// main(argv, io), so tests run it without spawning; bin/sock-errno.js calls it with the process.
import { readFileSync } from 'node:fs';
import { platforms, type Platform } from './data/index.js';
import { namespaces, type ErrorEntry, type Namespace } from './error-entry.js';
import { asNumber, findEntry, isNamespace } from './internal/find-entry.js';
import { isPlatform } from './internal/platform.js';
import { allTables, equivalentsOf, rowOf } from './internal/tables-index.js';
import { translate } from './translate.js';

/** Where main() writes; `process` fits. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** Exit statuses: found, not found, and sysexits.h's EX_USAGE and EX_IOERR. */
export const exitCodes: {
  readonly found: 0;
  readonly notFound: 1;
  readonly usage: 64;
  readonly output: 74;
} = {
  found: 0,
  notFound: 1,
  usage: 64,
  output: 74,
};

/** The streams and exit of a process, as watchOutput() needs them; `process` fits. */
export interface CliProcess {
  readonly stdout: { on(event: 'error', listener: (error: Error) => void): unknown };
  readonly stderr: {
    on(event: 'error', listener: (error: Error) => void): unknown;
    write(text: string): unknown;
  };
  exit(code: number): void;
}

/**
 * Ends the process cleanly when its output cannot be written. A reader that went away (`| head`,
 * EPIPE) wanted no more: exit 0 quietly, as cat and grep do. Any other failure (ENOSPC on a full
 * disk or /dev/full) is reported in one line and ends with EX_IOERR (74), never 1, which means
 * "not found".
 */
export function watchOutput(proc: CliProcess): void {
  proc.stderr.on('error', () => {
    // Nowhere left to report to; the exit status still says what happened.
  });
  proc.stdout.on('error', (error) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') {
      proc.exit(exitCodes.found);
      return;
    }
    proc.stderr.write(`sock-errno: cannot write the output: ${code ?? error.message}\n`);
    proc.exit(exitCodes.output);
  });
}

const usage = `Usage: sock-errno [options] <name or number>...
       sock-errno --search <text>
       sock-errno --list

Shows what an error name or number means on every platform (linux, darwin, freebsd, win32) and in
every namespace (errno, uv = libuv as in Node's err.errno, eai = getaddrinfo, winsock).

A number is read as Winsock from 10000 up, libuv when negative, errno otherwise; without
--platform it is read on every platform. A name may be errno, libuv (UV_ prefix allowed),
EAI_* or WSA*.

Options:
  -p, --platform <p>   read numbers on this platform only (${platforms.join(', ')})
  -n, --namespace <n>  read in this namespace (${namespaces.join(', ')}); eai numbers need it
  -s, --search <text>  list the entries whose name or message contains <text>
  -l, --list           list every entry (--platform and --namespace narrow both lists)
      --json           print the rows as JSON
  -h, --help           show this help
  -V, --version        show the version

Examples:
  sock-errno 10048
  sock-errno EADDRINUSE
  sock-errno -4091 --platform win32
  sock-errno --search "in use"

Exit status: 0 found, 1 not found, 64 usage error, 74 output could not be written.
`;

interface Parsed {
  readonly queries: string[];
  platform?: Platform;
  namespace?: Namespace;
  search?: string;
  list: boolean;
  json: boolean;
  help: boolean;
  version: boolean;
}

class UsageError extends Error {}

function parse(argv: readonly string[]): Parsed {
  const parsed: Parsed = { queries: [], list: false, json: false, help: false, version: false };
  let rest = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (rest || !arg.startsWith('-') || /^-\d+$/.test(arg)) {
      parsed.queries.push(arg);
      continue;
    }
    const [flag = '', inline] = arg.startsWith('--') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++index];
      if (next === undefined) throw new UsageError(`option ${flag} needs a value`);
      return next;
    };
    const noValue = (): true => {
      if (inline !== undefined) throw new UsageError(`option ${flag} takes no value`);
      return true;
    };
    switch (flag) {
      case '--':
        rest = true;
        break;
      case '-h':
      case '--help':
        parsed.help = noValue();
        break;
      case '-V':
      case '--version':
        parsed.version = noValue();
        break;
      case '--json':
        parsed.json = noValue();
        break;
      case '-l':
      case '--list':
        parsed.list = noValue();
        break;
      case '-s':
      case '--search':
        parsed.search = value();
        break;
      case '-p':
      case '--platform': {
        const platform = value();
        if (!isPlatform(platform))
          throw new UsageError(
            `--platform must be one of ${platforms.join(', ')}, got ${platform}`,
          );
        parsed.platform = platform;
        break;
      }
      case '-n':
      case '--namespace': {
        const namespace = value();
        if (!isNamespace(namespace))
          throw new UsageError(
            `--namespace must be one of ${namespaces.join(', ')}, got ${namespace}`,
          );
        parsed.namespace = namespace;
        break;
      }
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  const modes = [parsed.queries.length > 0, parsed.search !== undefined, parsed.list];
  if (!parsed.help && !parsed.version && modes.filter(Boolean).length !== 1)
    throw new UsageError('give one or more names or numbers, or --search <text>, or --list');
  return parsed;
}

const id = (row: ErrorEntry): string => `${row.namespace}:${row.platform}:${row.name}`;

// The entries a query stands for: a number without --platform means something on each platform,
// possibly different things (48 is EADDRINUSE on macOS but ELNRNG on Linux), so each meaning is a
// group of its own with its equivalents.
function lookup(query: string, options: Parsed): ErrorEntry[][] {
  const where = { platform: options.platform, namespace: options.namespace };
  const hits: ErrorEntry[] = [];
  if (asNumber(query) !== undefined && options.platform === undefined) {
    for (const platform of platforms) {
      const hit = findEntry(query, { ...where, platform });
      if (hit !== undefined) hits.push(hit);
    }
  } else {
    const hit = findEntry(query, where);
    if (hit !== undefined) hits.push(hit);
  }
  const seen = new Set<string>();
  const groups: ErrorEntry[][] = [];
  for (const hit of hits) {
    if (seen.has(id(hit))) continue;
    const group = [hit, ...equivalentsOf(hit)].filter((row) => !seen.has(id(row)));
    for (const row of group) seen.add(id(row));
    groups.push(sortRows(group));
  }
  return groups;
}

function sortRows(rows: ErrorEntry[]): ErrorEntry[] {
  const order = (row: ErrorEntry): number =>
    namespaces.indexOf(row.namespace) * 10 + platforms.indexOf(row.platform);
  return rows.sort((a, b) => order(a) - order(b));
}

function everyRow(): ErrorEntry[] {
  const rows: ErrorEntry[] = [];
  for (const table of allTables()) {
    for (const name of table.byName.keys()) {
      const row = rowOf(table, name);
      if (row !== undefined) rows.push(row);
    }
  }
  return rows;
}

function search(text: string): ErrorEntry[] {
  const needle = text.toLowerCase();
  return everyRow().filter((row) =>
    [row.name, row.message, row.description ?? ''].some((field) =>
      field.toLowerCase().includes(needle),
    ),
  );
}

// The uv:win32 row of a group is the libuv name of the same condition; what Node actually reports
// for a Winsock code is libuv's translation, which differs for some codes, so the table says so.
function notesOf(group: readonly ErrorEntry[]): string[] {
  const notes: string[] = [];
  for (const row of group) {
    if (row.namespace !== 'winsock') continue;
    const reported = translate(row.name, { to: 'uv:win32' });
    if (reported?.note !== undefined)
      notes.push(
        `note: ${reported.note} Node shows code ${reported.name}, errno ${reported.number}.`,
      );
  }
  return notes;
}

function table(groups: readonly (readonly ErrorEntry[])[]): string {
  const header = ['NAMESPACE', 'PLATFORM', 'NAME', 'NUMBER', 'MESSAGE'];
  const cells = groups.map((rows) =>
    rows.map((row) => [row.namespace, row.platform, row.name, String(row.number), row.message]),
  );
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.flat().map((cell) => cell[column]?.length ?? 0)),
  );
  const line = (cell: readonly string[]): string =>
    cell
      .map((text, column) => {
        const width = widths[column] ?? 0;
        if (column === cell.length - 1) return text;
        return column === 3 ? text.padStart(width) : text.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const body = cells.map((group, index) =>
    [...group.map(line), ...notesOf(groups[index] ?? [])].join('\n'),
  );
  return `${line(header)}\n${body.join('\n\n')}\n`;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
}

/**
 * Runs sock-errno with the arguments after the program name and returns the exit status.
 * @example process.exitCode = main(process.argv.slice(2), process)
 */
export function main(argv: readonly string[], io: CliIo = process): number {
  let options: Parsed;
  try {
    options = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`sock-errno: ${error.message}\n\n${usage}`);
    return exitCodes.usage;
  }
  if (options.help) {
    io.stdout.write(usage);
    return exitCodes.found;
  }
  if (options.version) {
    io.stdout.write(`${version()}\n`);
    return exitCodes.found;
  }
  let groups: ErrorEntry[][];
  let status: number = exitCodes.found;
  const wanted = (row: ErrorEntry): boolean =>
    (options.platform === undefined || row.platform === options.platform) &&
    (options.namespace === undefined || row.namespace === options.namespace);
  if (options.search !== undefined) {
    const rows = search(options.search).filter(wanted);
    groups = rows.length === 0 ? [] : [rows];
    if (rows.length === 0) {
      io.stderr.write(`sock-errno: no entry matches "${options.search}"\n`);
      status = exitCodes.notFound;
    }
  } else if (options.list) {
    groups = [everyRow().filter(wanted)];
  } else {
    groups = [];
    for (const query of options.queries) {
      const found = lookup(query, options);
      if (found.length === 0) {
        io.stderr.write(
          `sock-errno: no error is named or numbered ${query}${options.platform === undefined ? '' : ` on ${options.platform}`}\n`,
        );
        status = exitCodes.notFound;
      }
      groups.push(...found);
    }
  }
  if (options.json) io.stdout.write(`${JSON.stringify(groups.flat(), null, 2)}\n`);
  else if (groups.length > 0) io.stdout.write(table(groups));
  return status;
}
