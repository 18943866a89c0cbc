// The Windows parsers on captured-format output. The fixtures in fixtures/windows/ are written in
// the formats Microsoft documents for netstat, tasklist and netsh and that real machines print
// (CRLF line ends, the console's code page, translated titles), with documentation addresses
// (RFC 5737, RFC 3849) only. Where each format comes from is noted in the parser files.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hintFor } from '@sock/errors';
import {
  excludedPortRangeArguments,
  excludedRangeOf,
  parseExcludedPortRanges,
} from '../src/internal/windows-excluded-ports.js';
import {
  netstatArguments,
  parseNetstat,
  parseTasklistCsv,
} from '../src/internal/windows-netstat.js';
import {
  windowsExcludedRange,
  windowsPortHolders,
  type RunCommand,
} from '../src/internal/windows-port-facts.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`fixtures/windows/${name}`, import.meta.url), 'latin1');

describe('parseNetstat', () => {
  it('reads IPv4 TCP rows, telling listeners from connections by the foreign address', () => {
    const sockets = parseNetstat(fixture('netstat-tcp.txt'));
    expect(sockets).toHaveLength(11);
    expect(sockets[0]).toEqual({
      protocol: 'tcp',
      family: 4,
      address: '0.0.0.0',
      port: 135,
      listening: true,
      state: 'LISTENING',
      pid: 1016,
    });
    const on8080 = sockets.filter((s) => s.port === 8080);
    expect(on8080.map((s) => [s.address, s.listening, s.pid])).toEqual([
      ['0.0.0.0', true, 9112],
      ['127.0.0.1', false, 9112],
    ]);
    expect(sockets.find((s) => s.state === 'TIME_WAIT')).toMatchObject({
      pid: 0,
      listening: false,
    });
  });

  it('reads bracketed IPv6 endpoints, zones kept', () => {
    const sockets = parseNetstat(fixture('netstat-tcpv6.txt'));
    expect(sockets.every((s) => s.family === 6)).toBe(true);
    expect(sockets.filter((s) => s.listening).map((s) => `${s.address} ${s.port}`)).toEqual([
      ':: 135',
      ':: 445',
      ':: 8080',
      '::1 3000',
      'fe80::9c2a:1b4f:7e3d:15%7 2869',
    ]);
  });

  it('reads UDP rows, which have no state and `*:*` as foreign address, as bound', () => {
    const sockets = parseNetstat(fixture('netstat-udp.txt'));
    expect(sockets).toHaveLength(5);
    expect(sockets.every((s) => s.protocol === 'udp' && s.listening && s.state === undefined)).toBe(
      true,
    );
    expect(sockets.find((s) => s.port === 7007)).toMatchObject({ address: '127.0.0.1', pid: 9112 });
  });

  it('reads a German console (translated title, header and states, code page 850) the same way', () => {
    const sockets = parseNetstat(fixture('netstat-tcp-de.txt'));
    expect(sockets.map((s) => [s.port, s.listening, s.pid])).toEqual([
      [135, true, 1016],
      [8080, true, 9112],
      [8080, false, 9112],
      [50415, false, 0],
    ]);
  });

  it('skips what is not a socket row, and never throws', () => {
    expect(parseNetstat('')).toEqual([]);
    expect(
      parseNetstat('TCP garbage\r\nUDP 1.2.3.4 *:* x\r\nTCP 0.0.0.0:99999 0.0.0.0:0 L 1'),
    ).toEqual([]);
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(Array.isArray(parseNetstat(text))).toBe(true);
      }),
    );
  });

  it('round-trips any row it could print', () => {
    const ipv4 = fc.ipV4();
    fc.assert(
      fc.property(ipv4, fc.integer({ min: 1, max: 65535 }), fc.nat(99999), (address, port, pid) => {
        const [socket] = parseNetstat(
          `  TCP    ${address}:${port}     0.0.0.0:0     LISTENING     ${pid}\r\n`,
        );
        expect(socket).toEqual({
          protocol: 'tcp',
          family: 4,
          address,
          port,
          listening: true,
          state: 'LISTENING',
          pid,
        });
      }),
    );
  });

  it('runs with fixed arguments per protocol and family', () => {
    expect(netstatArguments('tcp', 4)).toEqual(['-ano', '-p', 'TCP']);
    expect(netstatArguments('tcp', 6)).toEqual(['-ano', '-p', 'TCPv6']);
    expect(netstatArguments('udp', 6)).toEqual(['-ano', '-p', 'UDPv6']);
  });
});

describe('parseTasklistCsv', () => {
  it('maps PIDs to image names', () => {
    expect(parseTasklistCsv(fixture('tasklist-9112.csv'))).toEqual(new Map([[9112, 'node.exe']]));
    expect(parseTasklistCsv('"my ""quoted"" app.exe","7","Services","0","1,024 K"')).toEqual(
      new Map([[7, 'my "quoted" app.exe']]),
    );
  });

  it('reads the no-match INFO line as nothing', () => {
    expect(parseTasklistCsv(fixture('tasklist-none.txt')).size).toBe(0);
  });
});

describe('parseExcludedPortRanges', () => {
  it('reads the ranges and the administered mark', () => {
    const ranges = parseExcludedPortRanges(fixture('excludedportrange-tcp.txt'));
    expect(ranges).toEqual([
      { start: 5357, end: 5357, administered: false },
      { start: 8884, end: 8884, administered: false },
      { start: 49690, end: 49789, administered: false },
      { start: 49790, end: 49889, administered: false },
      { start: 50000, end: 50059, administered: true },
      { start: 52411, end: 52510, administered: false },
    ]);
  });

  it('reads a translated console (Spanish) and the UDP list the same way', () => {
    expect(parseExcludedPortRanges(fixture('excludedportrange-tcp-es.txt'))).toEqual([
      { start: 1025, end: 1124, administered: false },
      { start: 5357, end: 5357, administered: false },
      { start: 50000, end: 50059, administered: true },
    ]);
    expect(parseExcludedPortRanges(fixture('excludedportrange-udp.txt'))).toHaveLength(2);
  });

  it('finds the range that holds a port, ends included', () => {
    const ranges = parseExcludedPortRanges(fixture('excludedportrange-tcp.txt'));
    expect(excludedRangeOf(ranges, 49690)).toEqual({
      start: 49690,
      end: 49789,
      administered: false,
    });
    expect(excludedRangeOf(ranges, 49889)?.start).toBe(49790);
    expect(excludedRangeOf(ranges, 50030)?.administered).toBe(true);
    expect(excludedRangeOf(ranges, 8080)).toBeUndefined();
  });

  it('skips rows that cannot be ranges, and never throws', () => {
    expect(parseExcludedPortRanges('  70000  70001\r\n  9  3\r\n')).toEqual([]);
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(Array.isArray(parseExcludedPortRanges(text))).toBe(true);
      }),
    );
  });

  it('runs with fixed arguments', () => {
    expect(excludedPortRangeArguments('tcp', 4)).toEqual([
      'int',
      'ipv4',
      'show',
      'excludedportrange',
      'protocol=tcp',
    ]);
    expect(excludedPortRangeArguments('udp', 6)[1]).toBe('ipv6');
  });
});

describe('asking Windows after a failure', () => {
  const recorder = (answers: Record<string, string | undefined>) => {
    const calls: string[] = [];
    const run: RunCommand = (file, args) => {
      // Always the System32 copy, never a bare name the current directory could answer.
      expect(file).toMatch(/^C:\\Windows\\System32\\[a-z]+\.exe$/);
      const call = [file.slice('C:\\Windows\\System32\\'.length), ...args].join(' ');
      calls.push(call);
      return Promise.resolve(answers[call]);
    };
    return { calls, run };
  };

  const systemRoot = process.env['SystemRoot'];
  beforeAll(() => {
    delete process.env['SystemRoot'];
  });
  afterAll(() => {
    if (systemRoot !== undefined) process.env['SystemRoot'] = systemRoot;
  });

  it('names the holder of a TCP port from netstat and tasklist, wildcards included', async () => {
    const { calls, run } = recorder({
      'netstat.exe -ano -p TCP': fixture('netstat-tcp.txt'),
      'netstat.exe -ano -p TCPv6': fixture('netstat-tcpv6.txt'),
      'tasklist.exe /fi PID eq 9112 /fo csv /nh': fixture('tasklist-9112.csv'),
    });
    const holders = await windowsPortHolders(8080, 'tcp', '127.0.0.1', run);
    expect(holders).toEqual([
      { pid: 9112, command: 'node.exe', inode: 0, address: '0.0.0.0', port: 8080, protocol: 'tcp' },
      { pid: 9112, command: 'node.exe', inode: 0, address: '::', port: 8080, protocol: 'tcp' },
    ]);
    expect(calls).toEqual([
      'netstat.exe -ano -p TCP',
      'netstat.exe -ano -p TCPv6',
      'tasklist.exe /fi PID eq 9112 /fo csv /nh',
    ]);
  });

  it('keeps to sockets that refuse the address asked about', async () => {
    const { run } = recorder({ 'netstat.exe -ano -p TCPv6': fixture('netstat-tcpv6.txt') });
    // [::1]:3000 does not hold 127.0.0.1:3000.
    expect(await windowsPortHolders(3000, 'tcp', '127.0.0.1', run)).toEqual([]);
    const holders = await windowsPortHolders(3000, 'tcp', '::1', run);
    expect(holders).toEqual([
      { pid: 5188, command: 'pid 5188', inode: 0, address: '::1', port: 3000, protocol: 'tcp' },
    ]);
  });

  it('names UDP holders', async () => {
    const { run } = recorder({
      'netstat.exe -ano -p UDP': fixture('netstat-udp.txt'),
      'tasklist.exe /fi PID eq 9112 /fo csv /nh': fixture('tasklist-9112.csv'),
    });
    expect(await windowsPortHolders(7007, 'udp', '127.0.0.1', run)).toMatchObject([
      { pid: 9112, command: 'node.exe', address: '127.0.0.1', protocol: 'udp' },
    ]);
  });

  it('knows nothing when the commands fail or show no PID (Wine prints none)', async () => {
    const { run } = recorder({});
    expect(await windowsPortHolders(8080, 'tcp', '127.0.0.1', run)).toEqual([]);
    const noPid = recorder({
      'netstat.exe -ano -p TCP':
        '\r\nActive Connections\r\n\r\n  Proto  Local Address  Foreign Address  State\r\n  TCP    0.0.0.0:8080   0.0.0.0:0        LISTENING\r\n',
    });
    expect(await windowsPortHolders(8080, 'tcp', '127.0.0.1', noPid.run)).toEqual([]);
  });

  it('finds the excluded range of a refused port with netsh', async () => {
    const { calls, run } = recorder({
      'netsh.exe int ipv4 show excludedportrange protocol=tcp': fixture(
        'excludedportrange-tcp.txt',
      ),
    });
    expect(await windowsExcludedRange(49700, 'tcp', 4, run)).toEqual({
      start: 49690,
      end: 49789,
      administered: false,
    });
    expect(await windowsExcludedRange(8080, 'tcp', 4, run)).toBeUndefined();
    expect(await windowsExcludedRange(49700, 'tcp', 6, run)).toBeUndefined();
    expect(calls).toHaveLength(3);
  });
});

describe('the EADDRINUSE hint on Windows', () => {
  it('names the holder netstat and tasklist found', async () => {
    const run: RunCommand = (file, args) =>
      Promise.resolve(
        file.endsWith('netstat.exe') && args.includes('TCP')
          ? fixture('netstat-tcp.txt')
          : file.endsWith('tasklist.exe')
            ? fixture('tasklist-9112.csv')
            : undefined,
      );
    const holders = await windowsPortHolders(8080, 'tcp', '127.0.0.1', run);
    const hint = hintFor('EADDRINUSE', {
      address: '127.0.0.1',
      port: 8080,
      protocol: 'tcp',
      platform: 'win32',
      holders,
      hiddenUids: [],
      inspected: false,
    });
    expect(hint).toMatch(
      /^127\.0\.0\.1:8080 \(tcp\) is held by node\.exe \(pid 9112\)\. Stop that process/,
    );
  });
});
