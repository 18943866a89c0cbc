import { constants } from 'node:os';
import type { ErrorEntry } from './error-entry.js';
import { hintFor } from './hints.js';
import { placeOf } from './host-port.js';
import { findEntry } from './internal/find-entry.js';
import { isPlatform, tablePlatform } from './internal/platform.js';
import { equivalentIn, tableOf } from './internal/tables-index.js';
import type { Platform } from './data/platforms.js';
import { SockError, isSockError, type SockErrorCode } from './sock-error.js';
import { readContext, type SockErrorContext } from './sock-error-context.js';
import { renderValue } from './validation/render-value.js';

export type { SockErrorContext } from './sock-error-context.js';

type Bag = Readonly<Record<PropertyKey, unknown>>;

// Thrown values can be anything, including proxies and objects whose getters throw: every read is
// guarded so that toSockError() itself never throws.
function read(value: unknown, key: PropertyKey): unknown {
  try {
    return typeof value === 'object' && value !== null ? (value as Bag)[key] : undefined;
  } catch {
    return undefined;
  }
}
const readString = (value: unknown, key: string): string | undefined => {
  const field = read(value, key);
  return typeof field === 'string' ? field : undefined;
};
// An empty code says nothing: it reads as no code at all.
const readCode = (value: unknown): string | undefined => {
  const code = readString(value, 'code');
  return code === '' ? undefined : code;
};

function isErrorObject(value: unknown): boolean {
  try {
    return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
  } catch {
    return false;
  }
}
const readNumber = (value: unknown, key: string): number | undefined => {
  const field = read(value, key);
  return typeof field === 'number' && Number.isFinite(field) ? field : undefined;
};

const unknownSystemError = /Unknown system error (-?\d+)/;

// An error says something about the system when it has a code or an errno; wrappers that only
// add a message (fetch's TypeError, an app's "could not start") are looked through via `cause`.
const speaks = (value: unknown): boolean =>
  readCode(value) !== undefined || readNumber(value, 'errno') !== undefined;

// How much an inner error of an AggregateError tells: with autoSelectFamily, "IPv6 unreachable"
// matters less than what the IPv4 attempt met, and a timeout less than a refusal.
const familyUnusable: ReadonlySet<string> = new Set([
  'EAFNOSUPPORT',
  'EADDRNOTAVAIL',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EPROTONOSUPPORT',
]);

function rank(value: unknown): number {
  const code = readCode(value);
  if (code === undefined) return speaks(value) ? 1 : 0;
  if (familyUnusable.has(code)) return 2;
  return code === 'ETIMEDOUT' ? 3 : 4;
}

/** The error in a chain of causes and aggregates that says the most. */
function pickSource(value: unknown, seen: Set<unknown>): unknown {
  if (typeof value !== 'object' || value === null || seen.has(value) || seen.size > 32)
    return value;
  seen.add(value);
  if (isSockError(value)) return value;
  const errors = read(value, 'errors');
  if (Array.isArray(errors) && errors.length > 0) {
    let best: unknown;
    for (const inner of errors as unknown[]) {
      const candidate = pickSource(inner, seen);
      if (best === undefined || rank(candidate) > rank(best)) best = candidate;
    }
    if (rank(best) >= rank(value) && rank(best) > 0) return best;
  }
  if (speaks(value)) return value;
  const cause = read(value, 'cause');
  if (cause !== undefined) {
    const inner = pickSource(cause, seen);
    if (speaks(inner) || isSockError(inner)) return inner;
  }
  return value;
}

// Retrying the same call later can help when the failure comes from a momentary state of the
// machine, the network or a peer: exhausted descriptors or buffers, a resolver that did not answer,
// a peer not yet up or that dropped the connection. It cannot help a wrong name (ENOTFOUND), a
// missing privilege (EACCES, EPERM), an address the machine lacks (EADDRNOTAVAIL) or bad input.
// EADDRINUSE counts as permanent: the port is held by another socket, usually a service configured
// on the same port, and a retry loop would hide that; the hint mentions retrying after a restart.
const transientCodes: ReadonlySet<string> = new Set([
  'EAI_AGAIN',
  'EAI_MEMORY',
  'EAGAIN',
  'EWOULDBLOCK',
  'EINTR',
  'EBUSY',
  'EMFILE',
  'ENFILE',
  'ENOBUFS',
  'ENOMEM',
  'ETIMEDOUT',
  'ECONNRESET',
  'ECONNABORTED',
  'ECONNREFUSED',
  'EPIPE',
  'ENETDOWN',
  'ENETUNREACH',
  'ENETRESET',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'ERR_SOCK_OVERLOADED',
]);

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

// The name Node could not give: "Unknown system error -102" is -errno for an errno libuv has no
// name for (EOPNOTSUPP on macOS), so the platform's errno table names it.
function recoverName(number: number, platform: Platform): string | undefined {
  return (
    findEntry(number, { platform, namespace: 'uv' })?.name ??
    findEntry(Math.abs(number), { platform, namespace: 'errno' })?.name
  );
}

function entryIn(
  code: string,
  platform: Platform,
  namespace: 'errno' | 'uv',
): ErrorEntry | undefined {
  const entry = findEntry(code, { platform, namespace });
  // findEntry also finds Node's spellings (ENOTFOUND as EAI_NONAME); errno must be that name.
  return namespace === 'errno' && entry?.name !== code && !entry?.aliases.includes(code)
    ? undefined
    : entry;
}

// With autoSelectFamily, Node throws an AggregateError of one error per address tried; the message
// names the one picked, and this names the others so that no attempt goes unmentioned.
function alsoTried(err: unknown, source: unknown): string {
  const errors = read(err, 'errors');
  if (!Array.isArray(errors) || errors.length < 2) return '';
  const others = (errors as unknown[])
    .filter((inner) => inner !== source)
    .map((inner) => {
      const place = placeOf(
        readString(inner, 'address') ?? readString(inner, 'hostname'),
        readNumber(inner, 'port'),
      );
      const code = readCode(inner) ?? 'no code';
      return place === '' ? code : `${place} ${code}`;
    });
  return others.length === 0 ? '' : `; also tried ${others.join(', ')}`;
}

/**
 * Turns any thrown value into a SockError with a stable code, the platform's numbers, a message a
 * person understands, and a hint; the original value is kept as `cause`. It looks inside
 * AggregateError (autoSelectFamily) and `cause` chains, and names Node's "Unknown system error -N".
 * @example toSockError(err, { syscall: 'listen', address: '127.0.0.1', port: 8080 })
 */
export function toSockError(err: unknown, context: SockErrorContext = {}): SockError {
  try {
    return convert(err, readContext(context));
  } catch {
    return new SockError({
      code: 'ERR_SOCK_UNKNOWN',
      message: `A value that could not be read was thrown: ${renderValue(err)}.`,
      cause: err,
    });
  }
}

function convert(err: unknown, context: SockErrorContext): SockError {
  if (isSockError(err)) return err;
  const source = pickSource(err, new Set());
  if (isSockError(source)) {
    return new SockError({ ...source, message: source.message, cause: err });
  }
  const platform: Platform | undefined =
    context.platform === undefined
      ? tablePlatform()
      : isPlatform(context.platform)
        ? context.platform
        : context.platform === 'android'
          ? 'linux'
          : undefined;

  const rawCode = readCode(source);
  const rawErrno = readNumber(source, 'errno');
  const rawMessage = readString(source, 'message');
  let code: SockErrorCode | undefined = rawCode;
  const unknown = unknownSystemError.exec(rawCode ?? rawMessage ?? '');
  const number = unknown?.[1] === undefined ? rawErrno : Number(unknown[1]);
  if ((code === undefined || unknown !== null) && number !== undefined && platform !== undefined)
    code = recoverName(number, platform) ?? code;
  // An abort reason (a DOMException AbortError or TimeoutError) has a numeric code; Node's own
  // aborts say ABORT_ERR, so both get that.
  const name = readString(source, 'name');
  if (code === undefined && (name === 'AbortError' || name === 'TimeoutError')) code = 'ABORT_ERR';
  if (code === undefined && typeof err !== 'object') code = 'ERR_SOCK_UNKNOWN';

  const syscall = readString(source, 'syscall') ?? context.syscall;
  const address = readString(source, 'address') ?? context.address;
  const port = readNumber(source, 'port') ?? context.port;
  const hostname = readString(source, 'hostname') ?? context.hostname;

  const errnoEntry =
    code === undefined || platform === undefined ? undefined : entryIn(code, platform, 'errno');
  const uvEntry =
    code === undefined || platform === undefined ? undefined : entryIn(code, platform, 'uv');
  const anyEntry =
    errnoEntry ??
    (code === undefined ? undefined : findEntry(code, platform === undefined ? {} : { platform }));
  const wsa = tableOf('winsock', 'win32');
  const winsock =
    anyEntry === undefined || wsa === undefined
      ? undefined
      : anyEntry.namespace === 'winsock'
        ? anyEntry
        : equivalentIn(anyEntry, wsa);
  const osErrno =
    context.platform === undefined && code !== undefined && !isPlatform(process.platform)
      ? (constants.errno as Record<string, number | undefined>)[code]
      : undefined;

  let message: string;
  // gai_strerror's wording reads better than libuv's for resolver codes ("Temporary failure in
  // name resolution" rather than "temporary failure").
  const title =
    errnoEntry?.message ??
    (anyEntry?.namespace === 'eai' ? anyEntry.message : undefined) ??
    uvEntry?.message ??
    anyEntry?.message;
  if (code !== undefined && title !== undefined && anyEntry?.namespace !== 'winsock') {
    const what = [syscall, placeOf(address ?? hostname, port)].filter(
      (part) => part !== undefined && part !== '',
    );
    message = `${capitalize(title)}${what.length > 0 ? `: ${what.join(' ')}` : ''} (${code})${alsoTried(err, source)}`;
  } else if (rawMessage !== undefined && rawMessage !== '') {
    message = rawMessage;
  } else {
    const outer = readString(err, 'message');
    message =
      outer !== undefined && outer !== ''
        ? outer
        : typeof err === 'object' && err !== null && code !== undefined
          ? `${code}`
          : isErrorObject(err)
            ? `An error without a message or a code was thrown: ${renderValue(err)}.`
            : typeof err === 'object' && err !== null
              ? `A value without a message or a code was thrown: ${renderValue(err)}.`
              : `A value that is not an Error was thrown: ${renderValue(err)}.`;
  }

  const finalCode: SockErrorCode = code ?? 'ERR_SOCK_UNKNOWN';
  const hintContext: SockErrorContext = {
    syscall,
    address,
    port,
    hostname,
    platform: context.platform,
  };
  return new SockError({
    code: finalCode,
    message,
    hint: hintFor(finalCode, hintContext),
    cause: err,
    errno: errnoEntry?.number ?? osErrno,
    uvErrno: rawErrno !== undefined && rawErrno < 0 ? rawErrno : uvEntry?.number,
    winsock: winsock?.number,
    syscall,
    address,
    port,
    hostname,
    transient: transientCodes.has(finalCode),
  });
}
