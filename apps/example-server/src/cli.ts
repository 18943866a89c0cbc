import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { SockError, type SockErrorCode } from '@sock/errors';
import { renderValue } from '@sock/errors/unstable-do-not-import';
import packageJson from '../package.json' with { type: 'json' };
import { exitCodes } from './exit-codes.js';

/** What the server serves: the HTTP reference app, a TCP echo server or a UDP echo server. */
export type ServerProtocol = 'http' | 'echo' | 'udp';
/** Where logs go and how they look. */
export type LogFormat = 'pretty' | 'json';
/** pino's levels, plus `silent`. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** A port as the command line gives it, in the shape `bind()` takes. */
export type PortOption =
  number | string | readonly (number | string)[] | { from: number; to: number };

/** Everything `sock-server` needs to run, after flags, environment and defaults are merged. */
export interface ServerConfig {
  readonly host: string;
  readonly port: PortOption;
  readonly protocol: ServerProtocol;
  readonly family: 0 | 4 | 6;
  readonly first: boolean;
  readonly reusePort: boolean;
  readonly workers: number;
  readonly systemd: boolean;
  /** A Unix socket path (or Windows pipe name) to serve on instead of host and port. */
  readonly path?: string;
  readonly user?: string | number;
  readonly group?: string | number;
  /** Milliseconds that in-flight requests get to finish after a stop signal. */
  readonly drainTimeout: number;
  /**
   * Milliseconds between a stop signal and closing the listeners, while `/readyz` already answers
   * 503: the time a load balancer needs to notice and send new traffic elsewhere.
   */
  readonly drainDelay: number;
  /** HTTP: complete request headers must arrive within this many milliseconds. */
  readonly headersTimeout: number;
  /** HTTP: the whole request must arrive within this many milliseconds. */
  readonly requestTimeout: number;
  /** HTTP: an idle keep-alive connection is closed after this many milliseconds. */
  readonly keepAliveTimeout: number;
  /** The cap on open connections per process (`server.maxConnections`); 0 means no cap. */
  readonly maxConnections: number;
  /** The largest body `POST /echo` accepts, in bytes. */
  readonly bodyLimit: number;
  /** Undefined: pretty on a terminal, JSON otherwise. */
  readonly logFormat: LogFormat | undefined;
  readonly logLevel: LogLevel;
  /** One log line per HTTP request; off by default to keep logging out of the hot path. */
  readonly logRequests: boolean;
}

/** What the command line asks for. */
export type CliCommand =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'version'; readonly text: string }
  | { readonly kind: 'run'; readonly config: ServerConfig };

/** A bad command line (exit 64) or a bad environment value (exit 78). */
export class CliError extends SockError {
  /** 64 for the command line, 78 for the environment. */
  readonly exitCode: 64 | 78;
  override name = 'CliError';

  constructor(code: SockErrorCode, message: string, exitCode: 64 | 78, cause?: unknown) {
    super({ code, message, cause, hint: 'Run `sock-server --help` for the options.' });
    this.exitCode = exitCode;
  }
}

/** The version of `sock-server`, from its package.json. */
export const version: string = packageJson.version;

// Named apart from `defaults`, whose `port` is the wider PortOption, for the help text below.
const defaultPort = 8080;

/** The defaults used when neither a flag nor the environment sets an option. */
export const defaults: ServerConfig = {
  host: 'localhost',
  port: defaultPort,
  protocol: 'http',
  family: 0,
  first: false,
  reusePort: false,
  workers: 1,
  systemd: false,
  drainTimeout: 10_000,
  drainDelay: 0,
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
  maxConnections: 10_000,
  bodyLimit: 1024 * 1024,
  logFormat: undefined,
  logLevel: 'info',
  logRequests: false,
};

// One table drives parseArgs, the environment names and the help text, so they cannot drift.
const optionTable = {
  host: {
    type: 'string',
    env: 'SOCK_HOST',
    arg: '<host>',
    help: 'host name or IP to bind; `*` for every address (both families)',
  },
  port: {
    type: 'string',
    short: 'p',
    env: 'SOCK_PORT',
    arg: '<port>',
    help: 'number, service name, range `8000-8010` or list `8080,8081`; 0 for any free port (an HTTP scan skips the ports browsers refuse)',
  },
  path: {
    type: 'string',
    env: 'SOCK_PATH',
    arg: '<path>',
    help: 'serve on a Unix socket file (a stale one is replaced) or Windows pipe instead of host and port',
  },
  protocol: {
    type: 'string',
    env: 'SOCK_PROTOCOL',
    arg: 'http|echo|udp',
    help: 'HTTP reference app, TCP echo or UDP echo',
  },
  family: {
    type: 'string',
    env: 'SOCK_FAMILY',
    arg: '4|6',
    help: 'bind only IPv4 or only IPv6 addresses (0: both)',
  },
  first: {
    type: 'boolean',
    env: 'SOCK_FIRST',
    help: 'bind the first address that works instead of every address',
  },
  'reuse-port': {
    type: 'boolean',
    env: 'SOCK_REUSE_PORT',
    help: 'set SO_REUSEPORT (needs Node 22.12 or later)',
  },
  workers: {
    type: 'string',
    env: 'SOCK_WORKERS',
    arg: '<n>|auto',
    help: 'processes serving the same sockets (node:cluster)',
  },
  systemd: {
    type: 'boolean',
    env: 'SOCK_SYSTEMD',
    help: 'serve the sockets systemd passes (LISTEN_FDS) instead of binding',
  },
  user: {
    type: 'string',
    env: 'SOCK_USER',
    arg: '<name|uid>',
    help: 'switch to this user after binding (root only)',
  },
  group: {
    type: 'string',
    env: 'SOCK_GROUP',
    arg: '<name|gid>',
    help: 'switch to this group after binding (root only)',
  },
  'drain-timeout': {
    type: 'string',
    env: 'SOCK_DRAIN_TIMEOUT',
    arg: '<ms|5s>',
    help: 'time in-flight requests get after SIGINT/SIGTERM',
  },
  'drain-delay': {
    type: 'string',
    env: 'SOCK_DRAIN_DELAY',
    arg: '<ms|5s>',
    help: 'after a stop signal, time /readyz answers 503 before the listeners close',
  },
  'headers-timeout': {
    type: 'string',
    env: 'SOCK_HEADERS_TIMEOUT',
    arg: '<ms|5s>',
    help: 'HTTP: time a client gets to send complete request headers',
  },
  'request-timeout': {
    type: 'string',
    env: 'SOCK_REQUEST_TIMEOUT',
    arg: '<ms|5s>',
    help: 'HTTP: time a client gets to send a whole request, body included',
  },
  'keep-alive-timeout': {
    type: 'string',
    env: 'SOCK_KEEP_ALIVE_TIMEOUT',
    arg: '<ms|5s>',
    help: 'HTTP: idle time after which a keep-alive connection is closed',
  },
  'max-connections': {
    type: 'string',
    env: 'SOCK_MAX_CONNECTIONS',
    arg: '<n>',
    help: 'open connections per process; at the cap the longest-idle one makes room (0: no cap)',
  },
  'body-limit': {
    type: 'string',
    env: 'SOCK_BODY_LIMIT',
    arg: '<bytes|64KiB>',
    help: 'largest body POST /echo accepts',
  },
  'log-format': {
    type: 'string',
    env: 'SOCK_LOG_FORMAT',
    arg: 'pretty|json',
    help: 'log format (default: pretty on a terminal, JSON otherwise)',
  },
  'log-level': {
    type: 'string',
    env: 'SOCK_LOG_LEVEL',
    arg: '<level>',
    help: 'fatal, error, warn, info, debug, trace or silent',
  },
  'log-requests': {
    type: 'boolean',
    env: 'SOCK_LOG_REQUESTS',
    help: 'log one line per HTTP request',
  },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
  version: { type: 'boolean', short: 'v', help: 'show the version' },
} as const satisfies Record<
  string,
  { type: 'string' | 'boolean'; short?: string; env?: string; arg?: string; help: string }
>;

type OptionName = keyof typeof optionTable;
type Raw = Partial<Record<OptionName, string | boolean>>;

// Derived from `defaults` so the help cannot drift from what parseCli falls back to; the two units
// below read the whole-second and whole-MiB defaults back in the form a user would type them.
const defaultsText: Partial<Record<OptionName, string>> = {
  host: defaults.host,
  port: String(defaultPort),
  protocol: defaults.protocol,
  workers: String(defaults.workers),
  'drain-timeout': `${defaults.drainTimeout / 1000}s`,
  'drain-delay': `${defaults.drainDelay / 1000}s`,
  'headers-timeout': `${defaults.headersTimeout / 1000}s`,
  'request-timeout': `${defaults.requestTimeout / 1000}s`,
  'keep-alive-timeout': `${defaults.keepAliveTimeout / 1000}s`,
  'max-connections': String(defaults.maxConnections),
  'body-limit': `${defaults.bodyLimit / 1024 ** 2}MiB`,
  'log-level': defaults.logLevel,
};

/** The `--help` text: usage, every option with its environment variable, the exit codes. */
export function helpText(): string {
  const rows = Object.entries(optionTable).map(([name, spec]) => {
    const short = 'short' in spec ? `-${spec.short}, ` : '    ';
    const arg = 'arg' in spec ? ` ${spec.arg}` : '';
    const env = 'env' in spec ? ` [${spec.env}]` : '';
    const dflt = defaultsText[name as OptionName];
    return [
      `  ${short}--${name}${arg}`,
      `${spec.help}${dflt === undefined ? '' : ` (default ${dflt})`}${env}`,
    ] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return [
    `sock-server ${version}: resolve, bind, listen and serve, with every step shown.`,
    '',
    'Usage: sock-server [options]',
    '',
    'Options (flags win over the environment variables in brackets):',
    ...rows.map(([left, right]) => left.padEnd(width) + right),
    '',
    'Exit codes: 0 stopped cleanly, 64 bad command line, 69 address or port unavailable,',
    '70 internal error, 75 stopped but requests were cut at --drain-timeout,',
    '77 permission denied, 78 bad configuration, 130/143 forced stop.',
    '',
  ].join('\n');
}

/**
 * Reads the command line and the `SOCK_*` environment into a command; throws only CliError.
 * @example parseCli(['--port', '0', '--protocol', 'echo'], process.env)
 */
export function parseCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CliCommand {
  let values: Raw;
  try {
    const options = Object.fromEntries(
      Object.entries(optionTable).map(([name, spec]) => [
        name,
        'short' in spec ? { type: spec.type, short: spec.short } : { type: spec.type },
      ]),
    ) as Record<OptionName, { type: 'string' | 'boolean'; short?: string }>;
    ({ values } = parseArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: false,
    }) as {
      values: Raw;
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new CliError(
      'ERR_SOCK_INVALID_OPTION',
      `${message.replace(/\s*\n\s*/g, ' ').replace(/\.$/, '')}.`,
      exitCodes.usage,
      err,
    );
  }
  if (values.help === true) return { kind: 'help', text: helpText() };
  if (values.version === true) return { kind: 'version', text: `sock-server ${version}\n` };

  // Flags first, then the environment; each value remembers where it came from for the exit code.
  const pick = (name: OptionName): Source | undefined => {
    const flag = values[name];
    if (flag !== undefined) return { value: flag, from: 'flag', label: `--${name}` };
    const spec = optionTable[name];
    if (!('env' in spec)) return undefined;
    const text = env[spec.env];
    if (text === undefined || text === '') return undefined;
    return { value: text, from: 'env', label: spec.env };
  };

  const host = optional(pick('host'), parseHost) ?? defaults.host;
  const port = optional(pick('port'), parsePort) ?? defaults.port;
  const systemd = optional(pick('systemd'), parseBoolean) ?? defaults.systemd;
  const workers = optional(pick('workers'), parseWorkers) ?? defaults.workers;
  const path = optional(pick('path'), parsePath);
  if (path !== undefined) {
    const given = pick('path')!;
    for (const name of ['host', 'port', 'family', 'first', 'reuse-port', 'systemd'] as const) {
      const other = pick(name);
      if (other !== undefined) {
        throw fail(
          other,
          `The \`${other.label}\` option does not apply with \`${given.label}\`: a Unix socket has no host, port or address family. Remove one of them.`,
        );
      }
    }
    const protocol = pick('protocol');
    if (protocol !== undefined && protocol.value === 'udp') {
      throw fail(
        protocol,
        `The \`${protocol.label}\` option cannot be udp with \`${given.label}\`: Node serves Unix stream sockets only. Use http or echo.`,
      );
    }
  }
  const user = optional(pick('user'), parseId);
  const group = optional(pick('group'), parseId);
  if (systemd) {
    for (const name of ['host', 'port', 'family', 'first', 'reuse-port'] as const) {
      const given = pick(name);
      if (given !== undefined) {
        throw fail(
          given,
          `The \`${given.label}\` option does not apply with \`--systemd\`: systemd passes the sockets already bound. Remove one of them.`,
        );
      }
    }
    const w = pick('workers');
    if (w !== undefined && workers > 1) {
      throw fail(
        w,
        `The \`${w.label}\` option cannot be combined with \`--systemd\`: run one process per socket unit, got ${workers}.`,
      );
    }
  }
  const config: ServerConfig = {
    host,
    port,
    protocol:
      optional(pick('protocol'), oneOf(['http', 'echo', 'udp'] as const)) ?? defaults.protocol,
    family: optional(pick('family'), parseFamily) ?? defaults.family,
    first: optional(pick('first'), parseBoolean) ?? defaults.first,
    reusePort: optional(pick('reuse-port'), parseBoolean) ?? defaults.reusePort,
    workers,
    systemd,
    ...(path === undefined ? {} : { path }),
    ...(user === undefined ? {} : { user }),
    ...(group === undefined ? {} : { group }),
    drainTimeout: optional(pick('drain-timeout'), parseDuration) ?? defaults.drainTimeout,
    drainDelay: optional(pick('drain-delay'), parseDuration) ?? defaults.drainDelay,
    ...timeLimits(pick),
    maxConnections:
      optional(pick('max-connections'), integer(0, 1_000_000)) ?? defaults.maxConnections,
    bodyLimit: optional(pick('body-limit'), parseSize) ?? defaults.bodyLimit,
    logFormat:
      optional(pick('log-format'), oneOf(['pretty', 'json'] as const)) ?? defaults.logFormat,
    logLevel:
      optional(
        pick('log-level'),
        oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
      ) ?? defaults.logLevel,
    logRequests: optional(pick('log-requests'), parseBoolean) ?? defaults.logRequests,
  };
  return { kind: 'run', config };
}

/** The HTTP time limits; the headers must fit in the time the whole request has (Node's rule). */
function timeLimits(
  pick: (name: OptionName) => Source | undefined,
): Pick<ServerConfig, 'headersTimeout' | 'requestTimeout' | 'keepAliveTimeout'> {
  const headersSource = pick('headers-timeout');
  const requestSource = pick('request-timeout');
  const positive = (text: string, source: Source): number => {
    const ms = parseDuration(text, source);
    if (ms > 0) return ms;
    throw fail(
      source,
      `The \`${source.label}\` option must be a positive duration (\`500ms\`, \`5s\`), got ${shown(text)}.`,
    );
  };
  const headersTimeout = optional(headersSource, positive) ?? defaults.headersTimeout;
  const requestTimeout = optional(requestSource, positive) ?? defaults.requestTimeout;
  if (headersTimeout > requestTimeout) {
    const source = headersSource ?? requestSource!;
    throw fail(
      source,
      `The \`--headers-timeout\` (${headersTimeout} ms) must not be longer than the \`--request-timeout\` (${requestTimeout} ms): the headers are part of the request.`,
    );
  }
  return {
    headersTimeout,
    requestTimeout,
    keepAliveTimeout: optional(pick('keep-alive-timeout'), positive) ?? defaults.keepAliveTimeout,
  };
}

interface Source {
  readonly value: string | boolean;
  readonly from: 'flag' | 'env';
  /** `--port` or `SOCK_PORT`: what the user typed, for the message. */
  readonly label: string;
}

type Parser<T> = (text: string, source: Source) => T;

function optional<T>(source: Source | undefined, parser: Parser<T>): T | undefined {
  if (source === undefined) return undefined;
  // A boolean flag parses itself; a string (flag value or env text) goes through the parser.
  if (typeof source.value === 'boolean') return source.value as T;
  return parser(source.value, source);
}

function fail(
  source: Source,
  message: string,
  code: SockErrorCode = 'ERR_SOCK_INVALID_OPTION',
): CliError {
  return new CliError(
    code,
    message,
    source.from === 'flag' ? exitCodes.usage : exitCodes.configuration,
  );
}

/**
 * A bad value as every sock message shows one (`'soon'`, escaped, cut at 80 characters): the
 * shared renderer, so the command line's messages read like the libraries'.
 */
function shown(text: string): string {
  return renderValue(text);
}

function oneOf<const T extends string>(choices: readonly T[]): Parser<T> {
  return (text, source) => {
    if ((choices as readonly string[]).includes(text)) return text as T;
    throw fail(
      source,
      `The \`${source.label}\` option must be one of ${choices.join(', ')}, got ${shown(text)}.`,
    );
  };
}

function parseBoolean(text: string, source: Source): boolean {
  const lower = text.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
  if (['0', 'false', 'no', 'off'].includes(lower)) return false;
  throw fail(
    source,
    `The \`${source.label}\` variable must be 1 or 0 (true/false, yes/no), got ${shown(text)}.`,
  );
}

function integer(min: number, max: number): Parser<number> {
  return (text, source) => {
    const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
    throw fail(
      source,
      `The \`${source.label}\` option must be an integer from ${min} to ${max}, got ${shown(text)}.`,
    );
  };
}

function parseWorkers(text: string, source: Source): number {
  if (text === 'auto') return availableParallelism();
  return integer(1, 256)(text, source);
}

function parseFamily(text: string, source: Source): 0 | 4 | 6 {
  if (text === '0' || text === '4' || text === '6') return Number(text) as 0 | 4 | 6;
  throw fail(
    source,
    `The \`${source.label}\` option must be 4, 6 or 0 (both), got ${shown(text)}.`,
  );
}

function parseHost(text: string, source: Source): string {
  // Brackets are URL syntax, not a host; accept them since people paste `[::1]` from URLs.
  const host = /^\[.*\]$/.test(text) ? text.slice(1, -1) : text;
  if (host.length > 0 && host.length <= 253 && /^[\x21-\x7e]+$/.test(host)) return host;
  throw fail(
    source,
    `The \`${source.label}\` option must be a host name or IP address, got ${shown(text)}.`,
    'ERR_SOCK_INVALID_HOST',
  );
}

const serviceName = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/i;

function parsePortItem(text: string, source: Source): number | string {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n <= 65535) return n;
  } else if (serviceName.test(text) && text.length <= 15) {
    // RFC 6335 service names: up to 15 letters, digits and inner hyphens; bind() looks it up.
    return text;
  }
  throw fail(
    source,
    `The \`${source.label}\` option must be a port from 0 to 65535, a service name, a range \`8000-8010\` or a list \`8080,8081\`, got ${shown(text)}.`,
    'ERR_SOCK_INVALID_PORT',
  );
}

function parsePort(text: string, source: Source): PortOption {
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range !== null) {
    const from = parsePortItem(range[1]!, source);
    const to = parsePortItem(range[2]!, source);
    if (typeof from === 'number' && typeof to === 'number' && from <= to && from > 0)
      return { from, to };
    throw fail(
      source,
      `The \`${source.label}\` range must go from a lower to a higher port, both from 1 to 65535, got ${shown(text)}.`,
      'ERR_SOCK_INVALID_PORT',
    );
  }
  if (text.includes(',')) return text.split(',').map((item) => parsePortItem(item.trim(), source));
  return parsePortItem(text, source);
}

function parseId(text: string, source: Source): string | number {
  if (/^\d+$/.test(text)) return integer(0, 2 ** 32 - 2)(text, source);
  // POSIX portable user names, plus the `$` Samba machine accounts end with.
  if (/^[a-z_][a-z0-9_.-]*\$?$/i.test(text) && text.length <= 64) return text;
  throw fail(
    source,
    `The \`${source.label}\` option must be a user or group name or a numeric id, got ${shown(text)}.`,
  );
}

function parsePath(text: string, source: Source): string {
  // bind() checks the rest (length, pipe names, abstract names) and says what is wrong.
  if (text.trim() !== '') return text;
  throw fail(source, `The \`${source.label}\` option must be a socket path, got ${shown(text)}.`);
}

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

function parseDuration(text: string, source: Source): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text);
  const ms = match === null ? Number.NaN : Number(match[1]) * durationUnits[match[2] ?? 'ms']!;
  // setTimeout's ceiling: longer delays fire at once, which would be the opposite of what was asked.
  if (Number.isFinite(ms) && ms <= 2 ** 31 - 1) return Math.round(ms);
  throw fail(
    source,
    `The \`${source.label}\` option must be a duration in milliseconds or with a unit (\`500ms\`, \`5s\`, \`1m\`) up to 24 days, got ${shown(text)}.`,
  );
}

const sizeUnits: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1000,
  kb: 1000,
  kib: 1024,
  m: 1000 ** 2,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  g: 1000 ** 3,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};

function parseSize(text: string, source: Source): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text);
  const unit = match === null ? undefined : sizeUnits[match[2]!.toLowerCase()];
  const bytes =
    match === null || unit === undefined ? Number.NaN : Math.floor(Number(match[1]) * unit);
  if (Number.isSafeInteger(bytes) && bytes >= 0 && bytes <= 2 ** 32) return bytes;
  throw fail(
    source,
    `The \`${source.label}\` option must be a size in bytes, optionally with a unit (\`64KiB\`, \`1MiB\`, \`1MB\`) up to 4 GiB, got ${shown(text)}.`,
  );
}
