import { SockError } from '@sock/errors';
import { parseIp } from './ip.js';
import { formatHostPort, renderValue } from '@sock/errors/unstable-do-not-import';
import { hostNameProblem, isServiceName, type HostNameProblem } from './host-name.js';

/** A host and port parsed from text such as `'[::1]:8080'` or `':3000'`. */
export interface Endpoint {
  /**
   * The host: an IP literal in canonical form (zone in `scopeId`) or a host name as written; null
   * when none was given (`':3000'`, `'3000'`) or the wildcard `'*'` was (then `wildcard` is true).
   */
  readonly host: string | null;
  /** A port number from 0 to 65535, or a service name (`'http'`) for the resolver to look up. */
  readonly port: number | string;
  /** 4 or 6 when the host is an IP literal. */
  readonly family?: 4 | 6;
  /** True for `'*'`: any address, said explicitly. */
  readonly wildcard?: boolean;
  /** The IPv6 zone of a link-local host (`'eth0'` in `'[fe80::1%eth0]:80'`). */
  readonly scopeId?: string;
}

/** Options of parseEndpoint. */
export interface ParseEndpointOptions {
  /** The port to use when the text has none (`'localhost'`, `'[::1]'`, `'*'`). */
  readonly defaultPort?: number | string;
}

const MAX_LENGTH = 1024;

// Text shown inside a suggestion of what to write (`[::1]:PORT`): as typed, control characters
// replaced, since the suggestion must stay on one line.
const asWritten = (text: string): string => text.replace(/\p{Cc}/gu, '?');

// The host-name rule's answer as the rest of an endpoint message: "the host ... . What to do."
function whyNotAName(problem: HostNameProblem): string {
  const text = `${problem.message}${problem.hint === undefined ? '' : ` ${problem.hint}`}`;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * Parses endpoint text: `'[::1]:8080'`, `'127.0.0.1:80'`, `'localhost:3000'`, `'localhost:http'`,
 * `':3000'` or `'3000'` (no host), `'*:3000'` (wildcard), `'[fe80::1%eth0]:80'`; with
 * `defaultPort`, also a host alone (`'localhost'`, `'[::1]'`, `'*'`). IPv6 addresses must be in
 * brackets; a zone is written as is (`%eth0`), not URI-encoded (`%25eth0` is the zone `25eth0`).
 * Anything else, including a text that is not a string, throws a SockError with code
 * `ERR_SOCK_INVALID_ENDPOINT` (`ERR_SOCK_INVALID_OPTION` for bad options) that says how to fix it.
 *
 * @example parseEndpoint('[::1]:8080') // { host: '::1', port: 8080, family: 6 }
 */
export function parseEndpoint(text: string, options?: ParseEndpointOptions): Endpoint {
  const defaultPort = checkOptions(options);
  if (typeof text !== 'string') {
    throw invalid(
      `An endpoint must be a string such as \`127.0.0.1:8080\`, got ${renderValue(text)}.`,
    );
  }
  const fail = (why: string): SockError =>
    invalid(`The endpoint ${renderValue(text)} is not valid: ${why}`);
  if (text === '') throw fail('it is empty. Write `host:port`, `[ipv6]:port` or a port.');
  if (text.length > MAX_LENGTH) {
    throw fail(`it is longer than ${MAX_LENGTH} characters. Write \`host:port\`.`);
  }
  if (/\s/.test(text)) throw fail('it contains whitespace. Remove it.');

  if (text.startsWith('[')) return parseBracketed(text, defaultPort, fail);

  const colons = text.split(':').length - 1;
  if (colons > 1) throw ipv6WithoutBrackets(text, defaultPort, fail);

  if (colons === 0) {
    if (/^\d+$/.test(text)) return { host: null, port: parsePort(text, fail) };
    if (defaultPort === undefined) {
      throw fail(`it has no port. Write \`${asWritten(text)}:PORT\`, or pass \`defaultPort\`.`);
    }
    return withHost(text, defaultPort, fail);
  }

  const colon = text.indexOf(':');
  const hostText = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  if (portText === '') {
    throw fail(
      `the port after \`:\` is missing. Write \`${asWritten(text)}PORT\` with a port from 0 to 65535.`,
    );
  }
  const port = parsePortOrService(portText, fail);
  if (hostText === '') return { host: null, port };
  return withHost(hostText, port, fail);
}

function parseBracketed(
  text: string,
  defaultPort: number | string | undefined,
  fail: (why: string) => SockError,
): Endpoint {
  const close = text.indexOf(']');
  if (close === -1) throw fail('the `[` has no closing `]`. Write `[ipv6]:port`.');
  const inner = text.slice(1, close);
  const rest = text.slice(close + 1);
  const ip = parseIp(inner);
  if (ip?.family !== 6) {
    if (ip?.family === 4 || parseIp(inner.split('%')[0] ?? '')?.family === 4) {
      throw fail(
        `brackets are for IPv6 addresses only. Write \`${asWritten(inner)}${rest}\` without them.`,
      );
    }
    throw fail(
      `${renderValue(inner)} in the brackets is not an IPv6 address. Write \`[ipv6]:port\`, or \`host:port\` for a name.`,
    );
  }
  let port: number | string;
  if (rest === '') {
    if (defaultPort === undefined) {
      throw fail(`it has no port. Write \`[${asWritten(inner)}]:PORT\`, or pass \`defaultPort\`.`);
    }
    port = defaultPort;
  } else if (rest.startsWith(':')) {
    const portText = rest.slice(1);
    if (portText === '') {
      throw fail(
        `the port after \`]:\` is missing. Write \`[${asWritten(inner)}]:PORT\` with a port from 0 to 65535.`,
      );
    }
    port = parsePortOrService(portText, fail);
  } else {
    throw fail(`${renderValue(rest)} follows the \`]\`. Write \`[${asWritten(inner)}]:PORT\`.`);
  }
  return ip.scopeId === undefined
    ? { host: ip.address, port, family: 6 }
    : { host: ip.address, port, family: 6, scopeId: ip.scopeId };
}

// An unbracketed text with two colons or more: never accepted, because an IPv6 address's last
// group and a port look alike (`::1:8080` is a valid address). The message shows both readings.
function ipv6WithoutBrackets(
  text: string,
  defaultPort: number | string | undefined,
  fail: (why: string) => SockError,
): SockError {
  const last = text.lastIndexOf(':');
  const head = text.slice(0, last);
  const tail = text.slice(last + 1);
  const whole = parseIp(text);
  const split = parseIp(head);
  const tailIsPort = /^\d+$/.test(tail) && Number(tail) <= 65535;
  if (whole?.family === 6 && split?.family === 6 && tailIsPort) {
    return fail(
      `it is ambiguous: it reads as the IPv6 address ${renderValue(text)} with no port, or as ${renderValue(head)} with port ${tail}. IPv6 addresses take brackets: write \`[${asWritten(head)}]:${tail}\` for port ${tail}, or \`[${asWritten(text)}]:PORT\`.`,
    );
  }
  if (whole?.family === 6) {
    const hint =
      defaultPort === undefined
        ? `\`[${asWritten(text)}]:PORT\``
        : `\`[${asWritten(text)}]\` (the default port applies) or \`[${asWritten(text)}]:PORT\``;
    return fail(`IPv6 addresses take brackets. Write ${hint}.`);
  }
  if (split?.family === 6) {
    return fail(`IPv6 addresses take brackets. Write \`[${asWritten(head)}]:${asWritten(tail)}\`.`);
  }
  return fail(
    'it has more than one `:` and is not an IPv6 address. Write `host:port`, or `[ipv6]:port`.',
  );
}

function withHost(
  hostText: string,
  port: number | string,
  fail: (why: string) => SockError,
): Endpoint {
  if (hostText === '*') return { host: null, port, wildcard: true };
  const ip = parseIp(hostText);
  if (ip?.family === 4) return { host: ip.address, port, family: 4 };
  if (hostText.includes('%')) {
    throw fail(
      `${renderValue(hostText)} has a zone (\`%\`), which only IPv6 addresses have. Write \`[ipv6%zone]:port\`.`,
    );
  }
  const problem = hostNameProblem(hostText);
  if (problem !== undefined) throw fail(whyNotAName(problem));
  return { host: hostText, port };
}

function parsePortOrService(text: string, fail: (why: string) => SockError): number | string {
  if (/^\d+$/.test(text)) return parsePort(text, fail);
  if (isServiceName(text)) return text;
  throw fail(
    `the port ${renderValue(text)} is neither a number from 0 to 65535 nor a service name such as \`http\`.`,
  );
}

function parsePort(text: string, fail: (why: string) => SockError): number {
  if (text.length > 1 && text.startsWith('0')) {
    throw fail(
      `the port ${renderValue(text)} has a leading zero. Write it without: \`${String(Number(text))}\`.`,
    );
  }
  const port = Number(text);
  if (text.length > 5 || port > 65535) {
    throw fail(`the port ${renderValue(text)} is out of range. Use a port from 0 to 65535.`);
  }
  return port;
}

function checkOptions(options: ParseEndpointOptions | undefined): number | string | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) {
    throw new SockError({
      code: 'ERR_SOCK_INVALID_OPTION',
      message: `The options of parseEndpoint must be an object, got ${renderValue(options)}.`,
    });
  }
  const value: unknown = options.defaultPort;
  if (value === undefined) return undefined;
  const port = portOrService(value);
  if (port !== undefined) return port;
  throw new SockError({
    code: 'ERR_SOCK_INVALID_OPTION',
    message: `The \`defaultPort\` option must be an integer from 0 to 65535 or a service name, got ${renderValue(value)}.`,
  });
}

function invalid(message: string): SockError {
  return new SockError({ code: 'ERR_SOCK_INVALID_ENDPOINT', message });
}

/**
 * Formats an address and port as endpoint text that parseEndpoint reads back: `'[::1]:8080'`,
 * `'127.0.0.1:80'`, `'[fe80::1%eth0]:80'`, `'localhost:http'`. A null or empty address is the
 * wildcard and prints as `'*:8080'` (as `ss` and `netstat` show listeners); parseEndpoint reads
 * that back as `{ host: null, wildcard: true }`. Takes what `server.address()` returns as it is;
 * the address itself decides the brackets, `family` is accepted for that and not needed.
 * Throws an `ERR_SOCK_INVALID_ARGUMENT` SockError for an address or port that would not read back.
 *
 * @example formatEndpoint({ address: '::1', port: 8080 }) // '[::1]:8080'
 */
export function formatEndpoint(addr: {
  address: string | null;
  port: number | string;
  // Any string or number, as `AddressInfo.family` (what `server.address()` gives) is typed; not read.
  family?: number | string;
  scopeId?: string;
}): string {
  if (typeof addr !== 'object' || addr === null) {
    throw badArgument(`formatEndpoint needs \`{ address, port }\`, got ${renderValue(addr)}.`);
  }
  const port = formatPort(addr.port);
  const address: unknown = addr.address;
  if (address === null || address === '' || address === undefined) return `*:${port}`;
  if (typeof address !== 'string') {
    throw badArgument(`The \`address\` must be a string or null, got ${renderValue(address)}.`);
  }
  const ip = parseIp(address);
  if (ip?.family === 4) return formatHostPort(ip.address, port);
  if (ip?.family === 6) {
    const scopeId: unknown = ip.scopeId ?? addr.scopeId;
    if (scopeId === undefined || scopeId === '') return formatHostPort(ip.address, port);
    const zoneText =
      typeof scopeId === 'string' || (typeof scopeId === 'number' && Number.isInteger(scopeId))
        ? String(scopeId)
        : '';
    const withZone = zoneText === '' ? undefined : parseIp(`${ip.address}%${zoneText}`);
    if (withZone?.scopeId === undefined) {
      throw badArgument(
        `The \`scopeId\` ${renderValue(scopeId)} is not a valid IPv6 zone. Use an interface name or number.`,
      );
    }
    return formatHostPort(`${ip.address}%${withZone.scopeId}`, port);
  }
  if (address === '*') return `*:${port}`;
  const name = address.includes(':') ? undefined : hostNameProblem(address);
  const problem = address.includes(':')
    ? 'it is not an IP address.'
    : name === undefined
      ? undefined
      : whyNotAName(name);
  if (problem !== undefined) {
    throw badArgument(`The \`address\` ${renderValue(address)} cannot be formatted: ${problem}`);
  }
  return formatHostPort(address, port);
}

/** A port given as a value (number, numeric string or service name); undefined when not one. */
function portOrService(value: unknown): number | string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535) {
    return value;
  }
  if (typeof value === 'string' && /^(?:0|[1-9]\d{0,4})$/.test(value) && Number(value) <= 65535) {
    return Number(value);
  }
  if (isServiceName(value)) return value;
  return undefined;
}

function formatPort(port: unknown): string {
  const value = portOrService(port);
  if (value !== undefined) return String(value);
  throw badArgument(
    `The \`port\` must be an integer from 0 to 65535 or a service name, got ${renderValue(port)}.`,
  );
}

function badArgument(message: string): SockError {
  return new SockError({ code: 'ERR_SOCK_INVALID_ARGUMENT', message });
}
