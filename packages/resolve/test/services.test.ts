import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSockError } from '@sock/errors';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinServices } from '../src/internal/builtin-services.js';
import { defaultServicesPath, getServiceByName, parseServices } from '../src/services.js';

const dir = mkdtempSync(join(tmpdir(), 'sock-services-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
// Each test writes its own file: the table of a path is read once and kept.
const writeServices = (text: string): string => {
  const file = join(dir, `services-${counter++}`);
  writeFileSync(file, text);
  return file;
};

describe('parseServices', () => {
  it('reads names, ports, protocols and aliases, skipping comments and junk', () => {
    const table = parseServices(
      [
        '# comment line',
        'http\t\t80/tcp\t\twww www-http\t# World Wide Web HTTP',
        'domain\t\t53/tcp',
        'domain\t\t53/udp',
        'ntp 123/udp',
        'amqp 5672/sctp',
        'broken',
        'badport 70000/tcp',
        'badproto 12/xyz',
        'noslash 12',
        '   ',
        'crlf 99/tcp\r',
      ].join('\n'),
    );
    expect(table.get('http')).toEqual({ tcp: 80 });
    expect(table.get('www')).toEqual({ tcp: 80 });
    expect(table.get('www-http')).toEqual({ tcp: 80 });
    expect(table.get('domain')).toEqual({ tcp: 53, udp: 53 });
    expect(table.get('ntp')).toEqual({ udp: 123 });
    expect(table.get('crlf')).toEqual({ tcp: 99 });
    for (const skipped of ['amqp', 'broken', 'badport', 'badproto', 'noslash', '#', 'World']) {
      expect(table.has(skipped)).toBe(false);
    }
  });

  it('keeps the first line for a name and protocol, as getservbyname does', () => {
    const table = parseServices('a 1/tcp\na 2/tcp\na 3/udp\nb 4/udp a\n');
    expect(table.get('a')).toEqual({ tcp: 1, udp: 3 });
    expect(table.get('b')).toEqual({ udp: 4 });
  });

  it('hands out frozen entries', () => {
    const ports = parseServices('a 1/tcp\n').get('a');
    expect(Object.isFrozen(ports)).toBe(true);
  });
});

describe('getServiceByName', () => {
  it.skipIf(!existsSync('/etc/services'))("reads this machine's /etc/services", () => {
    expect(defaultServicesPath()).toBe(
      process.platform === 'win32' ? expect.any(String) : '/etc/services',
    );
    expect(getServiceByName('http')?.tcp).toBe(80);
    expect(getServiceByName('www')?.tcp).toBe(80);
    expect(getServiceByName('domain')).toEqual({ tcp: 53, udp: 53 });
    expect(getServiceByName('no-such-service-here')).toBeUndefined();
  });

  it('honours a name that exists for one protocol only', () => {
    const file = writeServices('web 80/tcp www\ntime 37/udp\n');
    expect(getServiceByName('web', { file })).toEqual({ tcp: 80 });
    expect(getServiceByName('www', { file })).toEqual({ tcp: 80 });
    expect(getServiceByName('time', { file })).toEqual({ udp: 37 });
    // A file that exists answers alone: names it lacks are unknown, not looked up elsewhere.
    expect(getServiceByName('ssh', { file })).toBeUndefined();
  });

  it('is case-sensitive, as the files backend of getservbyname is', () => {
    const file = writeServices('http 80/tcp\n');
    expect(getServiceByName('HTTP', { file })).toBeUndefined();
  });

  it('reads a file once and keeps its table', () => {
    const file = writeServices('a 1/tcp\n');
    expect(getServiceByName('a', { file })).toEqual({ tcp: 1 });
    writeFileSync(file, 'a 2/tcp\n');
    expect(getServiceByName('a', { file })).toEqual({ tcp: 1 });
  });

  it('falls back to the built-in table when the file is missing', () => {
    const file = join(dir, 'does-not-exist');
    expect(getServiceByName('http', { file })).toEqual({ tcp: 80 });
    expect(getServiceByName('https', { file })).toEqual({ tcp: 443, udp: 443 });
    expect(getServiceByName('domain', { file })).toEqual({ tcp: 53, udp: 53 });
    expect(getServiceByName('ntp', { file })).toEqual({ udp: 123 });
    expect(getServiceByName('postgres', { file })).toEqual({ tcp: 5432 });
    expect(getServiceByName('no-such-service', { file })).toBeUndefined();
  });

  it('falls back to the built-in table when the path cannot be read as a file', () => {
    expect(getServiceByName('ssh', { file: dir })).toEqual({ tcp: 22 });
  });

  it.skipIf(!existsSync('/etc/services'))(
    'has a built-in table that agrees with /etc/services on every entry',
    () => {
      // Each port the table gives is the file's; the file may know more (`syslog` is also an
      // alias of `shell` 514/tcp there), so the table is a subset.
      for (const [name, ports] of parseServices(builtinServices)) {
        expect({ name, ports: getServiceByName(name) }).toMatchObject({ name, ports });
      }
    },
  );

  it('rejects a name or file that is not a non-empty string with a SockError', () => {
    const cases: [unknown, unknown, string][] = [
      ['', undefined, 'ERR_SOCK_INVALID_SERVICE'],
      [80, undefined, 'ERR_SOCK_INVALID_SERVICE'],
      [null, undefined, 'ERR_SOCK_INVALID_SERVICE'],
      ['http', '', 'ERR_SOCK_INVALID_OPTION'],
      ['http', 42, 'ERR_SOCK_INVALID_OPTION'],
    ];
    for (const [name, file, code] of cases) {
      let caught: unknown;
      try {
        getServiceByName(name as string, file === undefined ? undefined : { file: file as string });
      } catch (err) {
        caught = err;
      }
      expect(isSockError(caught)).toBe(true);
      expect((caught as { code: string }).code).toBe(code);
    }
  });
});

const python = spawnSync('python3', ['--version']).status === 0;

describe.skipIf(!python || !existsSync('/etc/services'))(
  "against glibc's getservbyname on this machine, through python3",
  () => {
    it('gives the same tcp and udp port for every name and alias in /etc/services', () => {
      const table = parseServices(readFileSync('/etc/services', 'latin1'));
      const names = [...table.keys(), 'no-such-service', 'HTTP'];
      const script = `
import json, socket, sys
out = {}
for name in json.load(sys.stdin):
    ports = {}
    for proto in ("tcp", "udp"):
        try:
            ports[proto] = socket.getservbyname(name, proto)
        except OSError:
            pass
    out[name] = ports
json.dump(out, sys.stdout)
`;
      const run = spawnSync('python3', ['-c', script], {
        input: JSON.stringify(names),
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).toBe(0);
      const oracle = JSON.parse(run.stdout) as Record<string, { tcp?: number; udp?: number }>;
      for (const name of names) {
        expect({ name, ports: getServiceByName(name) ?? {} }).toEqual({
          name,
          ports: oracle[name],
        });
      }
    });
  },
);
