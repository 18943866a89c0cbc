import type { Platform } from './data/platforms.js';
import { winsockToUv } from './data/winsock-to-uv.js';
import type { ErrorEntry, Namespace } from './error-entry.js';
import type { SockError } from './sock-error.js';
import { checkWhere, findEntry, type Where } from './internal/find-entry.js';
import { invalidArgument, invalidOption } from './validation/invalid-input.js';
import { tablePlatform } from './internal/platform.js';
import { equivalentIn, rowOf, rowOfNumber, tableOf, type Table } from './internal/tables-index.js';

/**
 * A namespace, optionally on a platform: `'winsock'`, `'errno:darwin'`, or
 * `{ namespace: 'uv', platform: 'win32' }`. Without a platform, the running one (Winsock: win32).
 */
export type TranslateTarget =
  | Namespace
  | `${Namespace}:${Platform}`
  | { readonly namespace: Namespace; readonly platform?: Platform | undefined };

/** Where translate() reads its input and what it translates to. */
export interface TranslateOptions {
  /** Where to read the input; inferred like describe() when absent. */
  readonly from?: TranslateTarget | undefined;
  /** The namespace (and platform) to translate to. */
  readonly to: TranslateTarget;
}

/** The name and number in the target, and whether the mapping lost information. */
export interface Translation {
  /** The name in the target (`EADDRINUSE`). */
  readonly name: string;
  /** The number in the target (48 for `errno:darwin`). */
  readonly number: number;
  /** The target namespace. */
  readonly namespace: Namespace;
  /** The target platform. */
  readonly platform: Platform;
  /** True where the target cannot tell this condition from another that the source tells apart. */
  readonly lossy: boolean;
  /** Why the mapping is lossy. */
  readonly note?: string;
}

function parseTarget(target: unknown, what: 'from' | 'to'): Where {
  const bad = (): SockError =>
    invalidOption(
      what,
      "a namespace (errno, uv, eai, winsock), optionally with a platform as in 'errno:darwin' or { namespace: 'errno', platform: 'darwin' }",
      target,
    );
  let where: Where;
  if (typeof target === 'string') {
    const [namespace, platform, extra] = target.split(':');
    if (extra !== undefined) throw bad();
    where = { namespace: namespace as Namespace, platform: platform as Platform | undefined };
  } else if (typeof target === 'object' && target !== null) {
    const { namespace, platform } = target as Record<string, unknown>;
    where = { namespace: namespace as Namespace, platform: platform as Platform | undefined };
  } else throw bad();
  if (where.namespace === undefined) throw bad();
  try {
    return checkWhere(where);
  } catch {
    throw bad();
  }
}

const result = (entry: ErrorEntry, lossy: boolean, note?: string): Translation => ({
  name: entry.name,
  number: entry.number,
  namespace: entry.namespace,
  platform: entry.platform,
  lossy,
  ...(note === undefined ? {} : { note }),
});

// libuv's uv_translate_sys_error is the only mapping Node applies on Windows: it names some Winsock
// codes after a different condition (WSAEINTR as ECANCELED) and all it lacks a case for UNKNOWN.
function winsockToLibuv(source: ErrorEntry, table: Table): Translation | undefined {
  const name = winsockToUv[source.number] ?? 'UNKNOWN';
  const row = rowOf(table, name);
  if (row === undefined) return undefined;
  const natural = equivalentIn(source, table);
  if (natural !== undefined && natural.name === row.name) return result(row, false);
  return result(
    row,
    true,
    name === 'UNKNOWN'
      ? `libuv on Windows has no case for ${source.name} (${source.number}) and reports UNKNOWN.`
      : `libuv on Windows reports ${source.name} (${source.number}) as ${name}.`,
  );
}

// The reverse: several Winsock codes may reach one libuv name on Windows.
function libuvToWinsock(
  source: ErrorEntry,
  found: ErrorEntry | undefined,
): Translation | undefined {
  // Only Winsock codes count: a plain Win32 error that reaches the same name (1227,
  // ERROR_ADDRESS_ALREADY_ASSOCIATED) has no other Winsock code to be confused with.
  const wsa = tableOf('winsock', 'win32');
  const from = Object.entries(winsockToUv)
    .filter(([, name]) => name === source.name)
    .map(([number]) => Number(number))
    .filter((number) => wsa?.byNumber.has(number) === true);
  // Where the names differ (libuv's EAGAIN for WSAEWOULDBLOCK), libuv's own mapping decides.
  const first = from.find((number) => number >= 10000) ?? from[0];
  const picked =
    found ?? (first === undefined || wsa === undefined ? undefined : rowOfNumber(wsa, first));
  if (picked === undefined) return undefined;
  const others = from.filter((number) => number !== picked.number);
  return others.length === 0
    ? result(picked, false)
    : result(
        picked,
        true,
        `libuv on Windows reports ${source.name} for ${[picked.number, ...others].join(', ')}.`,
      );
}

/**
 * Translates an error name or number from one namespace and platform to another, or returns
 * `undefined` where the target has no equivalent. `lossy` says when the target cannot tell this
 * condition apart from another one that the source can.
 * @example translate('WSAEADDRINUSE', { to: 'errno:darwin' }) // { name: 'EADDRINUSE', number: 48, lossy: false, ... }
 */
export function translate(
  nameOrNumber: string | number,
  options: TranslateOptions,
): Translation | undefined {
  if (typeof options !== 'object' || options === null)
    throw invalidArgument(
      'options',
      "an object with a `to` target such as { to: 'errno:darwin' }",
      options,
    );
  const from = options.from === undefined ? {} : parseTarget(options.from, 'from');
  const to = parseTarget(options.to, 'to');
  const source = findEntry(nameOrNumber, from);
  if (source === undefined || to.namespace === undefined) return undefined;
  const platform = to.namespace === 'winsock' ? 'win32' : (to.platform ?? tablePlatform());
  const table = tableOf(to.namespace, platform);
  if (table === undefined) return undefined;
  if (source.namespace === table.namespace && source.platform === table.platform)
    return result(source, false);
  if (source.namespace === 'winsock' && table.namespace === 'uv' && platform === 'win32')
    return winsockToLibuv(source, table);
  const found = equivalentIn(source, table);
  if (source.namespace === 'uv' && source.platform === 'win32' && table.namespace === 'winsock')
    return libuvToWinsock(source, found);
  if (found === undefined) return undefined;
  // The target number may stand for names that the source tells apart (EWOULDBLOCK and EAGAIN are
  // one number on Linux but two on Windows; EAI_NONAME and EAI_NODATA one on Windows).
  const sourceTable = tableOf(source.namespace, source.platform);
  const merged = found.aliases.filter((name) => {
    const there = sourceTable?.byName.get(name);
    return there !== undefined && there !== source.number;
  });
  if (merged.length === 0) return result(found, false);
  return result(
    found,
    true,
    `In ${table.namespace} on ${table.platform}, ${found.number} also stands for ${merged.join(', ')}.`,
  );
}
