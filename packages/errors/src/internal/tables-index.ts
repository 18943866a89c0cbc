// One index over the four namespaces of tables, built on first use, so that describe(), translate(),
// toSockError() and the CLI all read numbers and names the same way.
// Each data file by name, not through data/index.ts, so that the tables only
// `@sock/errors/tables` needs (other Linux ABIs, libuv's Windows translation) stay out of the
// start-up path.
import { eai, eaiAliases, eaiMessages } from '../data/eai.js';
import { errno, errnoAliases, errnoMessages } from '../data/errno.js';
import { platforms, type Platform } from '../data/platforms.js';
import { uv, uvMessages } from '../data/uv.js';
import { winsock, winsockAliases } from '../data/winsock.js';
import { namespaces, type ErrorEntry as Row, type Namespace } from '../error-entry.js';

export interface Table {
  readonly namespace: Namespace;
  readonly platform: Platform;
  readonly byName: ReadonlyMap<string, number>;
  /** Every name of a number, the canonical one first. */
  readonly byNumber: ReadonlyMap<number, readonly string[]>;
}

function buildTable(
  namespace: Namespace,
  platform: Platform,
  data: Readonly<Record<string, number>>,
  aliases: Readonly<Record<string, string>> = {},
): Table {
  // A declared canonical name goes first even when the header lists an alias before it.
  const isAlias = (name: string): boolean => Object.hasOwn(aliases, name);
  const byName = new Map<string, number>();
  const byNumber = new Map<number, string[]>();
  for (const [name, number] of Object.entries(data)) {
    byName.set(name, number);
    const names = byNumber.get(number);
    if (names === undefined) byNumber.set(number, [name]);
    else if (isAlias(names[0] ?? '') && !isAlias(name)) names.unshift(name);
    else names.push(name);
  }
  return { namespace, platform, byName, byNumber };
}

let cache: Map<string, Table> | undefined;

const key = (namespace: Namespace, platform: Platform): string => `${namespace}:${platform}`;

function tables(): Map<string, Table> {
  if (cache !== undefined) return cache;
  const built = new Map<string, Table>();
  for (const platform of platforms) {
    built.set(
      key('errno', platform),
      buildTable('errno', platform, errno[platform], errnoAliases[platform]),
    );
    built.set(key('uv', platform), buildTable('uv', platform, uv[platform]));
    built.set(
      key('eai', platform),
      buildTable('eai', platform, eai[platform], eaiAliases[platform]),
    );
  }
  const wsa: Record<string, number> = {};
  for (const entry of Object.values(winsock)) wsa[entry.name] = entry.number;
  for (const [alias, canonical] of Object.entries(winsockAliases)) {
    const number = wsa[canonical];
    if (number !== undefined) wsa[alias] = number;
  }
  built.set(key('winsock', 'win32'), buildTable('winsock', 'win32', wsa, winsockAliases));
  cache = built;
  return built;
}

/** The table of a namespace on a platform; Winsock exists only on win32. */
export function tableOf(namespace: Namespace, platform: Platform): Table | undefined {
  return tables().get(key(namespace, namespace === 'winsock' ? 'win32' : platform));
}

let ordered: readonly Table[] | undefined;

/** Every table, in namespace order then platform order. */
export function allTables(): readonly Table[] {
  if (ordered !== undefined) return ordered;
  const out: Table[] = [];
  for (const namespace of namespaces) {
    for (const platform of platforms) {
      const table = tableOf(namespace, platform);
      if (table !== undefined && table.platform === platform) out.push(table);
    }
  }
  ordered = out;
  return out;
}

const lookup = (record: unknown, name: string): string | undefined => {
  const value = (record as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
};

function winsockEntry(name: string): (typeof winsock)[keyof typeof winsock] | undefined {
  const canonical = Object.hasOwn(winsockAliases, name)
    ? winsockAliases[name as keyof typeof winsockAliases]
    : name;
  return Object.hasOwn(winsock, canonical) ? winsock[canonical as keyof typeof winsock] : undefined;
}

/** The message of a name in a namespace: strerror, uv_strerror, gai_strerror, or the Winsock title. */
export function messageOf(namespace: Namespace, name: string): string {
  switch (namespace) {
    case 'errno':
      return lookup(errnoMessages, name) ?? name;
    case 'uv':
      return lookup(uvMessages, name) ?? name;
    case 'eai':
      return lookup(eaiMessages, name) ?? name;
    case 'winsock':
      return winsockEntry(name)?.title ?? name;
  }
}

/** The row for a name in a table, or undefined where the table lacks it. */
export function rowOf(table: Table, name: string): Row | undefined {
  const number = table.byName.get(name);
  if (number === undefined) return undefined;
  const aliases = (table.byNumber.get(number) ?? []).filter((other) => other !== name);
  const base: Row = {
    name,
    number,
    namespace: table.namespace,
    platform: table.platform,
    message: messageOf(table.namespace, name),
    aliases,
  };
  const wsa = table.namespace === 'winsock' ? winsockEntry(name) : undefined;
  if (wsa === undefined) return base;
  return wsa.posix === undefined
    ? { ...base, description: wsa.description }
    : { ...base, description: wsa.description, posix: wsa.posix };
}

/** The canonical row of a number in a table. */
export function rowOfNumber(table: Table, number: number): Row | undefined {
  const name = table.byNumber.get(number)?.[0];
  return name === undefined ? undefined : rowOf(table, name);
}

/**
 * The names that stand for the same condition as a row, its own name first. A Winsock code stands
 * for its POSIX name, or, for resolver codes without one, for the EAI_* names that Windows' ws2tcpip.h
 * defines as that number.
 */
export function conceptOf(row: Row): string[] {
  if (row.namespace === 'uv') {
    // libuv names one number once (EAGAIN); the errno table of its platform knows the aliases.
    const table = tableOf('errno', row.platform);
    const number = table?.byName.get(row.name);
    const aliases = number === undefined ? [] : (table?.byNumber.get(number) ?? []);
    return [row.name, ...row.aliases, ...aliases.filter((name) => name !== row.name)];
  }
  if (row.namespace !== 'winsock') return [row.name, ...row.aliases];
  if (row.posix !== undefined) return [row.posix];
  const win = tableOf('eai', 'win32');
  return [...(win?.byNumber.get(row.number) ?? [])];
}

// Whether two names mean one condition on a platform: the same errno (or EAI) number there.
function sameOn(platform: Platform, a: string, b: string): boolean {
  for (const namespace of ['errno', 'eai'] as const) {
    const table = tableOf(namespace, platform);
    const x = table?.byName.get(a);
    if (x !== undefined && x === table?.byName.get(b)) return true;
  }
  return false;
}

// Real Winsock codes (10000 and up) before the WSA_* spellings of Win32 errors, so that EBADF is
// WSAEBADF and not WSA_INVALID_HANDLE. Sorted once: the order never changes.
let winsockByPreference: readonly (typeof winsock)[keyof typeof winsock][] | undefined;

// equivalentIn() walks whole tables; toSockError() asks the same few questions again and again
// (every failed bind of a port range), so each answer is kept. The tables are constant, and so
// the answers are.
const equivalents = new Map<string, Row | undefined>();

/** The row of a table that stands for the same condition as `row`, if the table has one. */
export function equivalentIn(row: Row, table: Table): Row | undefined {
  const memoKey = `${row.namespace}:${row.platform}:${row.name}>${table.namespace}:${table.platform}`;
  if (equivalents.has(memoKey)) return equivalents.get(memoKey);
  const found = searchEquivalent(row, table);
  equivalents.set(memoKey, found);
  return found;
}

function searchEquivalent(row: Row, table: Table): Row | undefined {
  const names = conceptOf(row);
  if (table.namespace === 'winsock') {
    winsockByPreference ??= Object.values(winsock).sort(
      (a, b) => Number(a.number < 10000) - Number(b.number < 10000),
    );
    for (const name of names) {
      for (const entry of winsockByPreference) {
        const candidate = rowOf(table, entry.name);
        if (candidate !== undefined && conceptOf(candidate).includes(name)) return candidate;
      }
    }
    return undefined;
  }
  for (const [index, name] of names.entries()) {
    if (!table.byName.has(name)) continue;
    // An alias is followed only where it is an alias on the target platform too: ENOTSUP and
    // EOPNOTSUPP are one number on Linux but two on macOS and Windows.
    if (index === 0 || row.namespace === 'winsock' || sameOn(table.platform, names[0] ?? '', name))
      return rowOf(table, name);
  }
  return undefined;
}

/** The rows in every other table (namespace or platform) that stand for the same condition. */
export function equivalentsOf(row: Row): Row[] {
  const out: Row[] = [];
  for (const table of allTables()) {
    if (table.namespace === row.namespace && table.platform === row.platform) continue;
    const match = equivalentIn(row, table);
    if (match !== undefined) out.push(match);
  }
  return out;
}
