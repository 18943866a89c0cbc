// Reads a name or number the way describe(), translate() and the CLI document it.
import { eaiAliases, eaiNodeCodes } from '../data/eai.js';
import { platforms, type Platform } from '../data/platforms.js';
import { namespaces, type ErrorEntry, type Namespace } from '../error-entry.js';
import { invalidArgument } from '../validation/invalid-input.js';
import { validateOneOf } from '../validation/validators.js';
import { tablePlatform } from './platform.js';
import { rowOf, rowOfNumber, tableOf } from './tables-index.js';

export interface Where {
  readonly platform?: Platform | undefined;
  readonly namespace?: Namespace | undefined;
}

/** True for one of the four namespaces. */
export const isNamespace = (value: unknown): value is Namespace =>
  typeof value === 'string' && (namespaces as readonly string[]).includes(value);

/** Throws the sock error for a bad `platform` or `namespace` option; returns them checked. */
export function checkWhere(where: Where): Where {
  validateOneOf(where.platform, 'platform', platforms);
  validateOneOf(where.namespace, 'namespace', namespaces);
  return where;
}

/**
 * The namespace a bare number belongs to: 10000 and up is Winsock, negative is libuv (as Node
 * reports it in `err.errno`), positive below 10000 is errno. getaddrinfo's own numbers overlap all
 * of these (glibc's are negative, BSD's small positive), so they are read only when asked for.
 */
export function namespaceOfNumber(number: number): Namespace {
  if (number >= 10000) return 'winsock';
  return number < 0 ? 'uv' : 'errno';
}

const integer = /^[+-]?\d+$/;

/** The number a string or number stands for, or undefined for a name. */
export function asNumber(value: string | number): number | undefined {
  if (typeof value === 'number') return value;
  const text = value.trim();
  return integer.test(text) ? Number(text) : undefined;
}

/** Finds one entry; throws only for arguments of the wrong type or bad options. */
export function findEntry(value: unknown, where: Where = {}): ErrorEntry | undefined {
  if (typeof value === 'number' ? !Number.isSafeInteger(value) : typeof value !== 'string')
    throw invalidArgument(
      'nameOrNumber',
      "an error name such as 'EADDRINUSE' or an integer such as 10048",
      value,
    );
  checkWhere(where);
  const number = asNumber(value as string | number);
  if (number !== undefined) {
    if (!Number.isSafeInteger(number)) return undefined;
    const table = tableOf(
      where.namespace ?? namespaceOfNumber(number),
      where.platform ?? tablePlatform(),
    );
    return table === undefined ? undefined : rowOfNumber(table, number);
  }
  return findName(String(value).trim().toUpperCase(), where);
}

let byNodeCode: ReadonlyMap<string, readonly string[]> | undefined;

// Node's own spelling of getaddrinfo failures: ENOTFOUND is EAI_NONAME (or EAI_NODATA). Canonical
// names first, so that ENOTFOUND reads as EAI_NONAME rather than its alias EAI_NODATA. Built once:
// every name no table has (toSockError() meets many) comes through here.
function eaiNamesForNodeCode(nodeCode: string): readonly string[] {
  if (byNodeCode === undefined) {
    const isAlias = (eaiName: string): boolean =>
      Object.values(eaiAliases).some((aliases) => Object.hasOwn(aliases, eaiName));
    const map = new Map<string, string[]>();
    const entries = Object.entries(eaiNodeCodes as Record<string, string>).sort(
      ([a], [b]) => Number(isAlias(a)) - Number(isAlias(b)),
    );
    for (const [eaiName, code] of entries) {
      if (code !== eaiName) map.set(code, [...(map.get(code) ?? []), eaiName]);
    }
    byNodeCode = map;
  }
  return byNodeCode.get(nodeCode) ?? [];
}

function findName(raw: string, where: Where): ErrorEntry | undefined {
  const prefixed = raw.startsWith('UV_');
  const name = prefixed ? raw.slice(3) : raw;
  const spaces: readonly Namespace[] =
    where.namespace !== undefined
      ? [where.namespace]
      : prefixed
        ? ['uv']
        : ['errno', 'eai', 'uv', 'winsock'];
  const running = tablePlatform();
  const order: readonly Platform[] =
    where.platform !== undefined
      ? [where.platform]
      : [running, ...platforms.filter((platform) => platform !== running)];
  for (const namespace of spaces) {
    for (const platform of order) {
      const table = tableOf(namespace, platform);
      const row = table === undefined ? undefined : rowOf(table, name);
      if (row !== undefined) return row;
    }
  }
  for (const eaiName of eaiNamesForNodeCode(name)) {
    const found = findName(eaiName, where);
    if (found !== undefined) return found;
  }
  return undefined;
}
