import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CliError, defaults, helpText, parseCli, version, type ServerConfig } from '../src/cli.js';

const run = (argv: string[], env: Record<string, string> = {}): ServerConfig => {
  const command = parseCli(argv, env);
  if (command.kind !== 'run') throw new Error(`expected run, got ${command.kind}`);
  return command.config;
};

const failure = (argv: string[], env: Record<string, string> = {}): CliError => {
  try {
    parseCli(argv, env);
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    return err as CliError;
  }
  throw new Error(`expected ${JSON.stringify(argv)} to fail`);
};

// These tests only parse: the ports below are values read from argv and env, no socket is opened.
describe('parseCli', () => {
  it('gives the defaults with no flags and no environment', () => {
    expect(run([])).toEqual(defaults);
    expect(defaults).toMatchObject({ host: 'localhost', port: 8080, protocol: 'http', workers: 1 });
  });

  it('reads every flag', () => {
    const config = run([
      '--host',
      '::1',
      '--port',
      '0',
      '--protocol',
      'echo',
      '--family',
      '6',
      '--first',
      '--reuse-port',
      '--workers',
      '3',
      '--user',
      'nobody',
      '--group',
      '65534',
      '--drain-timeout',
      '5s',
      '--drain-delay',
      '2s',
      '--headers-timeout',
      '3s',
      '--request-timeout',
      '4s',
      '--keep-alive-timeout',
      '1500ms',
      '--max-connections',
      '7',
      '--body-limit',
      '64KiB',
      '--log-format',
      'json',
      '--log-level',
      'warn',
      '--log-requests',
    ]);
    expect(config).toEqual({
      host: '::1',
      port: 0,
      protocol: 'echo',
      family: 6,
      first: true,
      reusePort: true,
      workers: 3,
      systemd: false,
      user: 'nobody',
      group: 65534,
      drainTimeout: 5000,
      drainDelay: 2000,
      headersTimeout: 3000,
      requestTimeout: 4000,
      keepAliveTimeout: 1500,
      maxConnections: 7,
      bodyLimit: 65536,
      logFormat: 'json',
      logLevel: 'warn',
      logRequests: true,
    });
  });

  it('refuses headers allowed more time than the whole request, and a zero limit', () => {
    expect(() => run(['--headers-timeout', '20s', '--request-timeout', '10s'])).toThrow(
      /`--headers-timeout` \(20000 ms\) must not be longer than the `--request-timeout` \(10000 ms\)/,
    );
    expect(() => run(['--keep-alive-timeout', '0'])).toThrow(/must be a positive duration/);
    expect(run(['--headers-timeout', '1s', '--request-timeout', '1s'])).toMatchObject({
      headersTimeout: 1000,
      requestTimeout: 1000,
    });
  });

  it('reads the environment, and flags win over it', () => {
    const env = {
      SOCK_HOST: '127.0.0.1',
      SOCK_PORT: '9000',
      SOCK_PROTOCOL: 'udp',
      SOCK_FIRST: 'yes',
      SOCK_WORKERS: '2',
      SOCK_LOG_FORMAT: 'pretty',
    };
    expect(run([], env)).toMatchObject({
      host: '127.0.0.1',
      port: 9000,
      protocol: 'udp',
      first: true,
      workers: 2,
      logFormat: 'pretty',
    });
    expect(run(['--port', '0', '--protocol', 'http'], env)).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      protocol: 'http',
    });
    expect(run([], { SOCK_FIRST: '0', SOCK_PORT: '' })).toMatchObject({
      first: false,
      port: defaults.port,
    });
  });

  it('reads ports as numbers, service names, ranges and lists', () => {
    expect(run(['-p', 'http']).port).toBe('http');
    expect(run(['--port', '8000-8010']).port).toEqual({ from: 8000, to: 8010 });
    expect(run(['--port', '8080,http-alt, 9000']).port).toEqual([8080, 'http-alt', 9000]);
    expect(run(['--port=65535']).port).toBe(65535);
  });

  it('reads durations and sizes with units', () => {
    expect(run(['--drain-timeout', '250']).drainTimeout).toBe(250);
    expect(run(['--drain-timeout', '250ms']).drainTimeout).toBe(250);
    expect(run(['--drain-timeout', '1.5s']).drainTimeout).toBe(1500);
    expect(run(['--drain-timeout', '2m']).drainTimeout).toBe(120_000);
    expect(run(['--body-limit', '1MiB']).bodyLimit).toBe(1_048_576);
    expect(run(['--body-limit', '1mb']).bodyLimit).toBe(1_000_000);
    expect(run(['--body-limit', '0']).bodyLimit).toBe(0);
  });

  it('strips URL brackets from an IPv6 host', () => {
    expect(run(['--host', '[::1]']).host).toBe('::1');
  });

  it('answers --help and --version', () => {
    expect(parseCli(['--help'], {})).toEqual({ kind: 'help', text: helpText() });
    expect(parseCli(['-v'], {})).toEqual({ kind: 'version', text: `sock-server ${version}\n` });
    expect(helpText()).toContain('SOCK_PORT');
    expect(helpText()).toContain('--drain-timeout');
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });

  const bad: [string[], string, RegExp][] = [
    [['--nope'], 'ERR_SOCK_INVALID_OPTION', /--nope/],
    [['extra'], 'ERR_SOCK_INVALID_OPTION', /extra/],
    [['--port'], 'ERR_SOCK_INVALID_OPTION', /--port/],
    [['--port', '70000'], 'ERR_SOCK_INVALID_PORT', /`--port`.*, got '70000'\.$/],
    [['--port', '9-1'], 'ERR_SOCK_INVALID_PORT', /`--port` range.*, got '9-1'\.$/],
    [['--port', 'a b'], 'ERR_SOCK_INVALID_PORT', /, got 'a b'\.$/],
    [
      ['--protocol', 'ftp'],
      'ERR_SOCK_INVALID_OPTION',
      /`--protocol`.*http, echo, udp, got 'ftp'\.$/,
    ],
    [['--family', '5'], 'ERR_SOCK_INVALID_OPTION', /`--family`/],
    [['--workers', '0'], 'ERR_SOCK_INVALID_OPTION', /`--workers`.*1 to 256/],
    [['--drain-timeout', 'soon'], 'ERR_SOCK_INVALID_OPTION', /`--drain-timeout`/],
    [['--body-limit', '1XB'], 'ERR_SOCK_INVALID_OPTION', /`--body-limit`/],
    [['--host', 'a b'], 'ERR_SOCK_INVALID_HOST', /`--host`/],
    [['--user', 'bad name'], 'ERR_SOCK_INVALID_OPTION', /`--user`/],
    [['--log-level', 'loud'], 'ERR_SOCK_INVALID_OPTION', /`--log-level`/],
    [['--systemd', '--port', '80'], 'ERR_SOCK_INVALID_OPTION', /`--port`.*--systemd/],
    [['--systemd', '--workers', '2'], 'ERR_SOCK_INVALID_OPTION', /`--workers`.*--systemd/],
  ];
  it.each(bad)('refuses %j with exit 64 and a message naming the value', (argv, code, message) => {
    const error = failure(argv);
    expect(error.code).toBe(code);
    expect(error.exitCode).toBe(64);
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(/--help/);
  });

  it('refuses bad environment values with exit 78, naming the variable', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ SOCK_PORT: 'x y' }, /`SOCK_PORT`/],
      [{ SOCK_FIRST: 'maybe' }, /`SOCK_FIRST`.*, got 'maybe'\.$/],
      [{ SOCK_WORKERS: '-1' }, /`SOCK_WORKERS`/],
      [{ SOCK_LOG_FORMAT: 'xml' }, /`SOCK_LOG_FORMAT`/],
      [{ SOCK_SYSTEMD: '1', SOCK_HOST: '::1' }, /`SOCK_HOST`.*--systemd/],
    ];
    for (const [env, message] of cases) {
      const error = failure([], env);
      expect(error.exitCode).toBe(78);
      expect(error.message).toMatch(message);
    }
  });

  it('never throws anything but a CliError, whatever the argv and environment (property)', () => {
    const flag = fc.constantFrom(
      '--host',
      '--port',
      '-p',
      '--protocol',
      '--family',
      '--first',
      '--reuse-port',
      '--workers',
      '--systemd',
      '--user',
      '--group',
      '--drain-timeout',
      '--max-connections',
      '--body-limit',
      '--log-format',
      '--log-level',
      '--log-requests',
      '--help',
      '--version',
      '--',
      '-',
      '--=',
      '--__proto__',
      '--constructor',
    );
    const arg = fc.oneof(
      flag,
      fc.string(),
      fc.stringMatching(/^--[a-z-]{1,12}(=.{0,8})?$/),
      fc.integer().map(String),
    );
    const envName = fc.constantFrom(
      'SOCK_HOST',
      'SOCK_PORT',
      'SOCK_PROTOCOL',
      'SOCK_FAMILY',
      'SOCK_FIRST',
      'SOCK_WORKERS',
      'SOCK_SYSTEMD',
      'SOCK_DRAIN_TIMEOUT',
      'SOCK_BODY_LIMIT',
      'SOCK_LOG_FORMAT',
      'SOCK_USER',
    );
    fc.assert(
      fc.property(
        fc.array(arg, { maxLength: 8 }),
        fc.dictionary(envName, fc.string()),
        (argv, env) => {
          try {
            const command = parseCli(argv, env);
            if (command.kind === 'run') {
              const { config } = command;
              expect(Number.isInteger(config.drainTimeout) && config.drainTimeout >= 0).toBe(true);
              expect(config.workers).toBeGreaterThanOrEqual(1);
              expect(['http', 'echo', 'udp']).toContain(config.protocol);
            }
          } catch (err) {
            expect(err).toBeInstanceOf(CliError);
            const error = err as CliError;
            expect([64, 78]).toContain(error.exitCode);
            expect(error.code).toMatch(/^ERR_SOCK_INVALID_/);
            expect(error.message).not.toContain('\n');
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
