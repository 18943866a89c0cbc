import { bind } from '@sock/bind';
import { occupyPort } from '@sock/test-helpers';
import { describe, expect, it } from 'vitest';
import { explainFailure } from '../src/error-report.js';
import { inCliTerms, oneLine, useColor } from '../src/terminal.js';

describe('inCliTerms', () => {
  it.each([
    [
      'If several processes should share the port on purpose, set `reusePort: true` in each of them.',
      'If several processes should share the port on purpose, start each of them with `--reuse-port`.',
    ],
    [
      'Stop that process, choose another port, or pass port 0 or a range to get a free one.',
      'Stop that process, choose another port, or pass `--port 0` or a range such as `--port 8000-8010` to get a free one.',
    ],
    [
      'or start as root and call dropPrivileges() after binding, or listen on a port from 1024 up',
      'or start as root with `--user <name>` to drop privileges after binding, or listen on a port from 1024 up',
    ],
    ['Check the `host` and `family` options.', 'Check `--host` and `--family`.'],
    [
      'Stop that process, choose another port, or use port 0 to let the system pick a free one.',
      'Stop that process, choose another port, or use `--port 0` to let the system pick a free one.',
    ],
    [
      'close the earlier server or binding first, or use port 0 or a range to get a free port.',
      'close the earlier server or binding first, or use `--port 0` or a range such as `--port 8000-8010` to get a free one.',
    ],
    [
      'or start as root and drop privileges after binding (dropPrivileges() of @sock/bind), or listen',
      'or start as root with `--user <name>` to drop privileges after binding, or listen',
    ],
    [
      "Bind an IPv4 address such as 127.0.0.1 or 0.0.0.0 instead, or use host 'localhost' with strategy 'all', which skips a family the host lacks.",
      'Use `--host 127.0.0.1` or `--host 0.0.0.0` instead, or use `--host localhost` (without `--first`), which skips a family the host lacks.',
    ],
    [
      'Shorten the `exclude` list or give a `port` range instead of 0.',
      'Shorten the `exclude` list or give `--port` a range instead of 0.',
    ],
  ])('rewords %j', (library, cli) => {
    expect(inCliTerms(library)).toBe(cli);
  });

  it('rewords the hint of a real EADDRINUSE from @sock/bind, held by this process', async () => {
    await using held = await occupyPort('127.0.0.1');
    const { port } = held;
    {
      const error = await bind({ host: '127.0.0.1', port }).then(
        () => undefined,
        (err: unknown) => err,
      );
      const report = explainFailure(error, {
        host: '127.0.0.1',
        port: String(port),
        protocol: 'tcp',
      });
      const text = report.details.join('\n');
      expect(text).toMatch(/--reuse-port/);
      expect(text).not.toMatch(/reusePort|dropPrivileges|port 0 /);
      for (const line of report.details) expect(line).not.toMatch(/[\n\r\t]/);
    }
  });
});

describe('oneLine', () => {
  it('turns line breaks, tabs and control characters into single spaces', () => {
    expect(oneLine('node\nserver.js\t--port\r\n8080\u0000x\u2028y')).toBe(
      'node server.js --port 8080 x y',
    );
  });
});

describe('useColor', () => {
  it.each([
    [true, {}, true],
    [false, {}, false],
    [undefined, {}, false],
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: '' }, true],
    [true, { TERM: 'dumb' }, false],
    [false, { FORCE_COLOR: '1' }, true],
    [false, { FORCE_COLOR: '3' }, true],
    [true, { FORCE_COLOR: '0' }, false],
    [true, { FORCE_COLOR: 'false' }, false],
    [false, { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
    [false, { FORCE_COLOR: '1', TERM: 'dumb' }, true],
  ] as const)('isTTY %s with %j: %s', (isTTY, env, expected) => {
    expect(useColor(isTTY, env)).toBe(expected);
  });
});
