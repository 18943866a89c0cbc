// Bad input: generated cases (fast-check) over every public entry point of the three libraries and
// over sock-server's command line. Each call must return, or throw (reject) a SockError; nothing
// else thrown, nothing hanging, nothing left open.
import { spawn } from 'node:child_process';
import * as fc from 'fast-check';
import * as errors from '@sock/errors';
// describe() and translate() live on the public `tables` subpath.
import * as tables from '@sock/errors/tables';
import * as resolveLib from '@sock/resolve';
import * as bindLib from '@sock/bind';
import type { Binding } from '@sock/bind';
import { count, row, type Row } from './report.js';
import { settle, snapshot } from './resources.js';
import { judge, show, Tally } from './judge.js';
import { fakeLookup } from './lookups.js';
import { serverMain } from './server-child.js';
// Parse-only fuzzing of the command line needs the parser itself; sock-server exports nothing, so
// the suite reads it from the app's source (run by tsx).
// eslint-disable-next-line no-restricted-imports
import { parseCli } from '../../apps/example-server/src/cli.js';

const section = 'bad input';

/** Any value at all, plus the awkward ones generators rarely hit. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.anything({
      maxDepth: 2,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withSparseArray: true,
      withBoxedValues: true,
      withTypedArray: true,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(
      NaN,
      -0,
      Infinity,
      -Infinity,
      2 ** 53,
      -1,
      1.5,
      '',
      ' ',
      '\0',
      '\u{1F600}',
      '%',
      '[',
      ']:',
      '-',
      '0x10',
      '1e3',
      Symbol('x'),
      () => 1,
      [],
      {},
      null,
      undefined,
      true,
      10n,
      Object.create(null) as unknown,
      new Error('plain'),
      'x'.repeat(5000),
    ),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer() },
);

/** Values that a caller might plausibly pass for a port, good or bad. */
const portish: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    0,
    '0',
    65536,
    70000,
    -1,
    1.5,
    NaN,
    '65536',
    '10-5',
    '-1',
    'http!',
    ' 80',
    '',
    [],
    [70000],
    { from: 10, to: 5 },
    { from: 0 },
    [0, 'no such service name'],
  ),
  fc.integer({ min: -100000, max: 200000 }),
  fc.string({ maxLength: 12 }),
  anyValue,
);

/** Hosts: loopback literals, wildcards, a name our fake lookup answers, and junk. */
const hostish: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    '127.0.0.1',
    '::1',
    'localhost',
    '*',
    '::',
    '0.0.0.0',
    '192.0.2.1',
    'example.test',
    'missing.test',
    '',
    null,
    undefined,
    '[::1]',
    '::ffff:127.0.0.1',
    'fe80::1%lo',
    '256.1.1.1',
    'a..b',
  ),
  fc.string({ maxLength: 30 }),
  anyValue,
);

/** Hosts that never reach a name lookup: IP literals, wildcards, and localhost (hosts file). */
const safeHosts = ['127.0.0.1', '::1', 'localhost', '*', '::', '0.0.0.0', null];

const isNameHost = (host: unknown): boolean =>
  typeof host === 'string' && !safeHosts.includes(host) && resolveLib.parseIp(host) === undefined;

/**
 * A value that could bind a fixed port (a number from 1 to 65535, a numeric or service-name
 * string, a range or a list) becomes port 0: the suite never takes a fixed port.
 */
function noFixedPort(port: unknown): unknown {
  if (typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535) return 0;
  if (typeof port === 'string' && /^[\sa-z0-9+._-]+$/i.test(port) && port.trim() !== '0')
    return 'http!';
  if (Array.isArray(port)) return port.map(noFixedPort);
  if (typeof port === 'object' && port !== null && ('from' in port || 'to' in port))
    return { from: 70000, to: 70001 };
  return port;
}

/** Options objects built from the known keys, each absent, plausible or junk, plus unknown keys. */
function optionsOf(keys: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const record = fc.record(
    Object.fromEntries(
      Object.entries(keys).map(([k, arb]) => [
        k,
        fc.oneof({ weight: 3, arbitrary: arb }, { weight: 1, arbitrary: anyValue }),
      ]),
    ),
    { requiredKeys: [] },
  );
  return fc.oneof(
    { weight: 8, arbitrary: record },
    {
      weight: 1,
      arbitrary: fc
        .tuple(record, fc.string({ minLength: 1, maxLength: 10 }), anyValue)
        .map(([r, k, v]) => ({ ...r, [k]: v })),
    },
    { weight: 1, arbitrary: anyValue },
  );
}

/** Any value as text, for building endpoint strings; values without a string form become `?`. */
function text(value: unknown): string {
  try {
    return String(value);
  } catch {
    return '?';
  }
}

const lookup = fakeLookup({ 'example.test': [{ address: '127.0.0.1', family: 4 }] });

/** Makes a bind() options value safe to run: no fixed port, no name lookup outside the fake. */
function safeBindOptions(options: unknown): unknown {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return options;
  const o = { ...(options as Record<string, unknown>) };
  if ('port' in o) o.port = noFixedPort(o.port);
  const ownLookup = o.lookup === undefined || o.lookup === null;
  if (ownLookup && !('resolver' in o)) o.lookup = lookup;
  else if (isNameHost(o.host) || o.host === undefined) o.host = '127.0.0.1';
  return o;
}

function safeHints(hints: unknown, host: unknown): [unknown, unknown] {
  if (typeof hints !== 'object' || hints === null || Array.isArray(hints)) {
    return [hints, isNameHost(host) ? '127.0.0.1' : host];
  }
  const h = { ...(hints as Record<string, unknown>) };
  if ((h.lookup === undefined || h.lookup === null) && !('resolver' in h)) h.lookup = lookup;
  else if (isNameHost(host)) host = '127.0.0.1';
  return [h, host];
}

const bindKeys = {
  host: hostish,
  port: portish,
  exclude: fc.oneof(fc.array(fc.integer({ min: -5, max: 70000 }), { maxLength: 4 }), anyValue),
  protocol: fc.constantFrom<unknown>('tcp', 'udp', 'sctp', 'TCP'),
  strategy: fc.constantFrom<unknown>('all', 'first', 'any'),
  family: fc.constantFrom<unknown>(0, 4, 6, 5, '4', 'IPv6'),
  backlog: fc.oneof(fc.integer({ min: -10, max: 100000 }), anyValue),
  ipv6Only: fc.oneof(fc.boolean(), anyValue),
  exclusive: fc.oneof(fc.boolean(), anyValue),
  reuseAddr: fc.oneof(fc.boolean(), anyValue),
  reusePort: fc.oneof(fc.boolean(), anyValue),
  signal: fc.constantFrom<unknown>(AbortSignal.abort(), { aborted: false }, 'signal', null),
  timeout: fc.oneof(fc.integer({ min: -5, max: 3000 }), fc.double(), anyValue),
  systemd: fc.oneof(fc.boolean(), anyValue),
  onAttempt: fc.oneof(fc.func(fc.constant(undefined)), anyValue),
  resolver: anyValue,
  lookup: anyValue,
};

const hintKeys = {
  family: fc.constantFrom<unknown>(0, 4, 6, 5, '4'),
  socktype: fc.constantFrom<unknown>('stream', 'dgram', 'raw'),
  protocol: fc.constantFrom<unknown>('tcp', 'udp', 'icmp'),
  passive: fc.boolean(),
  numericHost: fc.boolean(),
  numericService: fc.boolean(),
  addrConfig: fc.boolean(),
  v4Mapped: fc.boolean(),
  all: fc.boolean(),
  canonName: fc.boolean(),
  order: fc.constantFrom<unknown>('rfc6724', 'verbatim', 'ipv6first', 'ipv4first', 'random'),
  signal: fc.constantFrom<unknown>(AbortSignal.abort(), 'signal'),
  timeout: fc.oneof(fc.integer({ min: -5, max: 3000 }), anyValue),
  hostsFile: fc.boolean(),
  resolver: anyValue,
  lookup: anyValue,
};

const codeish = fc.oneof(
  fc.constantFrom<unknown>(
    'EADDRINUSE',
    'eaddrinuse',
    'UV_EADDRINUSE',
    'WSAEADDRINUSE',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ERR_SOCK_INVALID_PORT',
    98,
    -98,
    10048,
    -3008,
    0,
    99999,
    -1,
    1.5,
    '98',
    'constructor',
    '__proto__',
    'toString',
    'hasOwnProperty',
  ),
  anyValue,
);
const platformish = fc.constantFrom<unknown>(
  'linux',
  'darwin',
  'freebsd',
  'win32',
  'android',
  'aix',
  'LINUX',
  '',
  undefined,
);

/** A value whose every property read throws: for the functions that promise never to throw. */
const hostile = new Proxy(
  {},
  {
    get() {
      throw new Error('hostile getter');
    },
    getPrototypeOf() {
      throw new Error('hostile prototype');
    },
    has() {
      throw new Error('hostile has');
    },
  },
);

// fast-check inspects the values it generates, so the hostile value is generated as a token and
// swapped in at call time.
const HOSTILE = Symbol('hostile');
const unwrap = (args: unknown[]): unknown[] => args.map((a) => (a === HOSTILE ? hostile : a));

interface Case {
  readonly name: string;
  readonly runs: number;
  readonly input: fc.Arbitrary<unknown[]>;
  readonly call: (...args: unknown[]) => unknown;
  /** Turns a returned value into a problem, or releases it. */
  readonly check?: (value: unknown) => Promise<string | undefined> | string | undefined;
}

const any = <T extends unknown[]>(
  ...arbs: { [K in keyof T]: fc.Arbitrary<T[K]> }
): fc.Arbitrary<unknown[]> => fc.tuple(...arbs);

async function closeBinding(value: unknown): Promise<string | undefined> {
  if (typeof value === 'object' && value !== null && 'close' in value) {
    await (value as Binding).close({ timeout: 0 });
    return undefined;
  }
  return `resolved with ${show(value)}, not a Binding`;
}

const call =
  <A extends unknown[]>(fn: (...args: A) => unknown) =>
  (...args: unknown[]): unknown =>
    fn(...(args as A));

/** A type guard (`isSockError`, `isBinding`...): any value, the hostile one included, gives a boolean. */
const typeGuard = (name: string, runs: number, guard: (value: unknown) => boolean): Case => ({
  name,
  runs,
  input: any(fc.oneof(anyValue, fc.constant(HOSTILE))),
  call: call(guard),
  check: (value) => (typeof value === 'boolean' ? undefined : `returned ${show(value)}`),
});

/** The entry points with their generators, and how many cases each gets. */
function cases(scale: number): Case[] {
  const n = (runs: number): number => Math.max(1, Math.round(runs * scale));
  return [
    // @sock/errors
    {
      name: 'describe',
      runs: n(10_000),
      input: any(
        codeish,
        optionsOf({
          platform: platformish,
          namespace: fc.constantFrom<unknown>('errno', 'uv', 'eai', 'winsock', 'win32', 'x'),
        }),
      ),
      call: call(tables.describe),
    },
    {
      name: 'translate',
      runs: n(10_000),
      input: any(
        codeish,
        optionsOf({
          from: fc.constantFrom<unknown>(
            'errno',
            'uv',
            'winsock',
            'eai',
            { namespace: 'errno', platform: 'darwin' },
            'linux',
          ),
          to: fc.constantFrom<unknown>(
            'errno',
            'uv',
            'winsock',
            'eai',
            { namespace: 'winsock' },
            { platform: 'win32' },
            'x',
          ),
        }),
      ),
      call: call(tables.translate),
    },
    {
      name: 'toSockError',
      runs: n(10_000),
      input: any(
        fc.oneof(
          anyValue,
          fc.constant(HOSTILE),
          fc.record(
            { code: codeish, errno: anyValue, syscall: anyValue, message: anyValue },
            { requiredKeys: [] },
          ),
        ),
        fc.oneof(
          optionsOf({
            syscall: anyValue,
            address: hostish,
            port: portish,
            hostname: anyValue,
            platform: platformish,
          }),
          fc.constant(HOSTILE),
        ),
      ),
      call: call(errors.toSockError),
      check: (value) =>
        errors.isSockError(value) ? undefined : `returned ${show(value)}, not a SockError`,
    },
    {
      name: 'hintFor',
      runs: n(5_000),
      input: any(
        codeish,
        optionsOf({
          syscall: anyValue,
          address: hostish,
          port: portish,
          hostname: anyValue,
          platform: platformish,
        }),
      ),
      call: call(errors.hintFor),
    },
    typeGuard('isSockError', n(5_000), errors.isSockError),
    // @sock/resolve
    {
      name: 'parseEndpoint',
      runs: n(8_000),
      input: any(
        fc.oneof(
          hostish,
          fc.string({ maxLength: 60 }),
          fc.tuple(hostish, portish).map(([h, p]) => `${text(h)}:${text(p)}`),
        ),
        optionsOf({ defaultPort: portish }),
      ),
      call: call(resolveLib.parseEndpoint),
    },
    {
      name: 'formatEndpoint',
      runs: n(5_000),
      input: any(
        optionsOf({
          address: hostish,
          port: portish,
          family: fc.constantFrom<unknown>(4, 6, 'IPv4', 'IPv6', 5),
          scopeId: anyValue,
        }),
      ),
      call: call(resolveLib.formatEndpoint),
    },
    { name: 'parseIp', runs: n(3_000), input: any(hostish), call: call(resolveLib.parseIp) },
    {
      name: 'parseNumericHost',
      runs: n(3_000),
      input: any(hostish),
      call: call(resolveLib.parseNumericHost),
    },
    { name: 'isLoopback', runs: n(2_000), input: any(hostish), call: call(resolveLib.isLoopback) },
    { name: 'isWildcard', runs: n(2_000), input: any(hostish), call: call(resolveLib.isWildcard) },
    { name: 'toV4Mapped', runs: n(2_000), input: any(hostish), call: call(resolveLib.toV4Mapped) },
    {
      name: 'sortAddresses',
      runs: n(3_000),
      input: any(
        fc.oneof(
          fc.array(fc.record({ address: hostish, family: fc.constantFrom<unknown>(4, 6, 5) }), {
            maxLength: 5,
          }),
          anyValue,
        ),
        fc.constantFrom<unknown>(
          'rfc6724',
          'verbatim',
          'ipv6first',
          'ipv4first',
          'x',
          undefined,
          4,
        ),
      ),
      call: call(resolveLib.sortAddresses),
    },
    {
      name: 'getServiceByName',
      runs: n(3_000),
      input: any(
        fc.oneof(fc.constantFrom<unknown>('http', 'https', 'domain', 'ssh', 'HTTP', 'x'), anyValue),
        fc.oneof(
          fc.constant(undefined),
          fc.record(
            {
              file: fc.constantFrom<unknown>(
                '/etc/services',
                '/nonexistent/services',
                '',
                42,
                null,
              ),
            },
            { requiredKeys: [] },
          ),
          anyValue,
        ),
      ),
      call: call(resolveLib.getServiceByName),
    },
    {
      name: 'openHostsFile',
      runs: n(1_000),
      input: any(
        fc.constantFrom<unknown>(undefined, '/etc/hosts', '/nonexistent/hosts', '', 42, null, {}),
        optionsOf({ checkInterval: fc.oneof(fc.integer({ min: -5, max: 5000 }), anyValue) }),
        hostish,
      ),
      call: (path, options, name) => {
        const file = resolveLib.openHostsFile(
          path as string,
          options as { checkInterval?: number },
        );
        return [file.lookup(name as string), file.canonicalName(name as string)];
      },
    },
    {
      name: 'resolve',
      runs: n(6_000),
      input: any(hostish, portish, optionsOf(hintKeys)).map(([host, service, hints]) => {
        const [h, safeHost] = safeHints(hints, host);
        return [safeHost, service, h];
      }),
      call: call(resolveLib.resolve),
    },
    {
      name: 'createResolver',
      runs: n(3_000),
      input: any(
        optionsOf({
          maxConcurrency: fc.oneof(fc.integer({ min: -2, max: 100 }), anyValue),
          maxQueued: fc.oneof(fc.integer({ min: -2, max: 100 }), anyValue),
          cacheTtl: fc.oneof(fc.integer({ min: -2, max: 10000 }), anyValue),
          negativeTtl: anyValue,
          maxCacheEntries: anyValue,
          lookup: fc.constant(lookup),
          hostsFile: fc.boolean(),
        }),
        hostish,
      ).map(([options, host]) => {
        // A resolver without our lookup would ask the system for names: only loopback then.
        const o =
          typeof options === 'object' && options !== null && !Array.isArray(options)
            ? { ...options, lookup }
            : options;
        return [o, o === options && isNameHost(host) ? '127.0.0.1' : host];
      }),
      call: (options, host) =>
        resolveLib
          .createResolver(options as resolveLib.ResolverOptions)
          .resolve(host as string, 80),
    },
    // @sock/bind
    {
      name: 'bind',
      runs: n(12_000),
      input: any(optionsOf(bindKeys)).map(([o]) => [safeBindOptions(o)]),
      call: call(bindLib.bind),
      check: closeBinding,
    },
    {
      name: 'serve',
      runs: n(2_000),
      input: any(
        fc.oneof(
          fc.constant(() => undefined),
          anyValue,
        ),
        anyValue,
      ),
      call: call(bindLib.serve),
    },
    {
      name: 'findPortHolders',
      runs: n(300),
      input: any(
        portish,
        optionsOf({ protocol: fc.constantFrom<unknown>('tcp', 'udp', 'x'), address: hostish }),
      ),
      call: call(bindLib.findPortHolders),
    },
    typeGuard('isBinding', n(2_000), bindLib.isBinding),
    typeGuard('isBindError', n(2_000), bindLib.isBindError),
    {
      name: 'explainBindError',
      runs: n(1_500),
      input: any(
        fc.oneof(
          fc
            .record({ code: codeish, message: fc.string() })
            .map((r) => new errors.SockError(r as errors.SockErrorInit)),
          anyValue,
        ),
        optionsOf({
          address: hostish,
          port: portish,
          protocol: fc.constantFrom<unknown>('tcp', 'udp', 'x'),
          platform: platformish,
        }),
      ),
      call: call(bindLib.explainBindError),
    },
    {
      // Only shapes that cannot switch this process to another user: no string or number ids.
      name: 'dropPrivileges',
      runs: n(2_000),
      input: any(optionsOf({ user: anyValue, group: anyValue })).filter(([o]) => {
        if (typeof o !== 'object' || o === null) return true;
        return !Object.values(o).some(
          (v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'object',
        );
      }),
      call: call(bindLib.dropPrivileges),
    },
  ];
}

/** sock-server's flags with plausible and junk values. */
const flagArgv: fc.Arbitrary<string[]> = fc
  .array(
    fc.oneof(
      fc
        .tuple(
          fc.constantFrom(
            '--host',
            '--port',
            '-p',
            '--protocol',
            '--family',
            '--workers',
            '--user',
            '--group',
            '--drain-timeout',
            '--max-connections',
            '--body-limit',
            '--log-format',
            '--log-level',
            '--hots',
            '--port=',
          ),
          fc.oneof(
            fc.constantFrom(
              '0',
              '8080',
              '70000',
              '-1',
              '1.5',
              'auto',
              '5s',
              '1m',
              '10ms',
              '1MiB',
              '64KiB',
              '5GiB',
              'json',
              'pretty',
              'http',
              'echo',
              'udp',
              '4',
              '6',
              '*',
              '[::1]',
              '8000-8010',
              '10-5',
              '',
              ' ',
              'NaN',
              '1e3',
              '0x10',
            ),
            fc.string({ maxLength: 12 }),
          ),
        )
        .map(([f, v]) => [f, v]),
      fc.constantFrom(
        ['--first'],
        ['--reuse-port'],
        ['--systemd'],
        ['--log-requests'],
        ['--'],
        ['-x'],
        ['positional'],
        ['--first=1'],
      ),
      fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 }),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.flat());

const envArb: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.constantFrom(
    'SOCK_HOST',
    'SOCK_PORT',
    'SOCK_PROTOCOL',
    'SOCK_FAMILY',
    'SOCK_FIRST',
    'SOCK_REUSE_PORT',
    'SOCK_WORKERS',
    'SOCK_SYSTEMD',
    'SOCK_DRAIN_TIMEOUT',
    'SOCK_MAX_CONNECTIONS',
    'SOCK_BODY_LIMIT',
    'SOCK_LOG_FORMAT',
    'SOCK_LOG_LEVEL',
    'SOCK_LOG_REQUESTS',
    'SOCK_USER',
  ),
  fc.oneof(
    fc.constantFrom('0', '1', 'yes', 'maybe', '', '8080', '5s', 'json'),
    fc.string({ maxLength: 10 }),
  ),
  { maxKeys: 4 },
);

/** Spawned sock-server runs with bad flags: exit 64 or 78, a message, no stack trace, no hang. */
const spawnedCases: readonly string[][] = [
  ['--port', '70000'],
  ['--port', 'not a port'],
  ['--protocol', 'gopher'],
  ['--family', '5'],
  ['--workers', '0'],
  ['--drain-timeout', 'soon'],
  ['--body-limit', '5GiB'],
  ['--log-level', 'loud'],
  ['--systemd', '--port', '0'],
  ['--hots', '127.0.0.1'],
  ['positional'],
  ['--port'],
];

async function spawnBad(args: readonly string[]): Promise<string | undefined> {
  const child = spawn(process.execPath, [serverMain(), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SOCK_LOG_FORMAT: 'json', NO_COLOR: '1' },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  child.stdout.resume();
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  if (code !== 64 && code !== 78) return `sock-server ${args.join(' ')} exited ${code}`;
  if (stderr.trim() === '') return `sock-server ${args.join(' ')} said nothing on stderr`;
  if (/^\s+at /m.test(stderr)) return `sock-server ${args.join(' ')} printed a stack trace`;
  return undefined;
}

/** Runs every entry point's cases; `scale` 1 is the full count (>= 100,000). */
export async function badInput(scale: number, seed: number): Promise<Row[]> {
  const rows: Row[] = [];
  const before = snapshot();
  const tallies: Tally[] = [];
  const started = performance.now();
  for (const c of [...cases(scale)]) {
    const tally = new Tally(c.name);
    tallies.push(tally);
    const inputs = fc.sample(c.input, { numRuns: c.runs, seed: seed ^ hash(c.name) });
    for (const args of inputs) await judge(tally, args, () => c.call(...unwrap(args)), c.check);
  }
  const cli = new Tally('parseCli');
  tallies.push(cli);
  for (const [argv, env] of fc.sample(fc.tuple(flagArgv, envArb), {
    numRuns: Math.round(15_000 * scale),
    seed,
  })) {
    await judge(
      cli,
      { argv, env },
      () => parseCli(argv, env),
      () => undefined,
    );
  }
  const cliErrors = cli.counts['sock-error'];
  const total = tallies.reduce((s, t) => s + t.cases, 0);
  const bad = tallies.reduce((s, t) => s + t.bad, 0);
  const left = await settle(before);
  const byPackage = (names: string[]): Tally[] => tallies.filter((t) => names.includes(t.name));
  const groups: [string, Tally[]][] = [
    ['@sock/errors', byPackage(['describe', 'translate', 'toSockError', 'hintFor', 'isSockError'])],
    [
      '@sock/resolve',
      byPackage([
        'parseEndpoint',
        'formatEndpoint',
        'parseIp',
        'parseNumericHost',
        'isLoopback',
        'isWildcard',
        'toV4Mapped',
        'sortAddresses',
        'getServiceByName',
        'openHostsFile',
        'resolve',
        'createResolver',
      ]),
    ],
    [
      '@sock/bind',
      byPackage([
        'bind',
        'serve',
        'isBinding',
        'isBindError',
        'findPortHolders',
        'explainBindError',
        'dropPrivileges',
      ]),
    ],
    ['sock-server flags (parsed in-process)', [cli]],
  ];
  for (const [name, group] of groups) {
    const cases = group.reduce((s, t) => s + t.cases, 0);
    const failed = group.reduce((s, t) => s + t.bad, 0);
    const hangs = group.reduce((s, t) => s + t.counts.hang, 0);
    const example = group.flatMap((t) => t.examples)[0];
    rows.push(
      row(
        section,
        `${name}: crashes, hangs, non-SockError throws`,
        `${count(failed)} of ${count(cases)} cases${hangs > 0 ? ` (${hangs} hangs)` : ''}`,
        '0',
        failed === 0,
        example === undefined ? {} : { note: example },
      ),
    );
  }
  let spawnedBad: string | undefined;
  let spawnedFails = 0;
  for (const args of spawnedCases) {
    const problem = await spawnBad(args);
    if (problem !== undefined) {
      spawnedFails++;
      spawnedBad ??= problem;
    }
  }
  rows.push(
    row(
      section,
      'sock-server spawned with bad flags: exit 64/78, message, no stack',
      `${spawnedFails} of ${spawnedCases.length} wrong`,
      '0',
      spawnedFails === 0,
      spawnedBad === undefined ? {} : { note: spawnedBad },
    ),
  );
  rows.push(
    row(
      section,
      'descriptors and handles left after all cases',
      left.length === 0 ? 'none' : left.join(', '),
      'none',
      left.length === 0,
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `bad input: ${count(total + spawnedCases.length)} cases (${count(cliErrors)} CLI rejections) in ${seconds.toFixed(1)} s, ${count(bad)} bad, seed ${seed}`,
  );
  for (const t of tallies) for (const e of t.examples) console.log(`  ${e}`);
  return rows;
}

function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}
