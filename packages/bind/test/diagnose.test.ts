import { spawn } from 'node:child_process';
import type * as dgram from 'node:dgram';
import { once } from 'node:events';
import { readlinkSync, readFileSync, realpathSync } from 'node:fs';
import { basename } from 'node:path';
import * as net from 'node:net';
import { SockError, toSockError } from '@sock/errors';
import fc from 'fast-check';
import {
  closedPort,
  expectNoLeaks,
  occupyPort,
  resourceSnapshot,
  settle,
} from '@sock/test-helpers';
import { describe, expect, it } from 'vitest';
import { explainBindError, findPortHolders } from '../src/diagnose.js';

const linux = process.platform === 'linux';
// What /proc/<pid>/comm shows for a node child: the executable's name, cut to 15 bytes.
// The program name a holder is given: the file name of the node executable.
const nodeProgram = basename(realpathSync(process.execPath));
const hasIPv6 = ((): boolean => {
  try {
    return readFileSync('/proc/net/if_inet6', 'utf8').includes('00000000000000000000000000000001');
  } catch {
    return false;
  }
})();

interface Held extends AsyncDisposable {
  readonly port: number;
  readonly inode: number;
}

// The socket inode behind a handle's fd, as /proc/self/fd shows it.
function inodeOf(handle: unknown): number {
  const fd = (handle as { _handle?: { fd?: number } })._handle?.fd ?? -1;
  const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
  return Number(match?.[1]);
}

// A port held by a socket of this process, with that socket's inode.
async function holdTcp(host: string): Promise<Held> {
  const held = await occupyPort(host);
  return { port: held.port, inode: inodeOf(held.server), [Symbol.asyncDispose]: held.close };
}

async function holdUdp(host: string): Promise<Held> {
  const held = await occupyPort(host, { protocol: 'udp' });
  const socket = held.socket as dgram.Socket;
  const handle = (socket as unknown as { [key: symbol]: { handle?: unknown } })[
    Object.getOwnPropertySymbols(socket).find((s) => s.description === 'state symbol') ??
      Symbol('none')
  ];
  return {
    port: held.port,
    inode: handle === undefined ? Number.NaN : inodeOf({ _handle: handle.handle }),
    [Symbol.asyncDispose]: held.close,
  };
}

// A child node process listening on a port of its own; disposing kills it.
async function holdInChild(title?: string): Promise<Held & { pid: number }> {
  const script =
    (title === undefined ? '' : `process.title=${JSON.stringify(title)};`) +
    "require('net').createServer().listen(0,'127.0.0.1',function(){console.log(this.address().port)});setInterval(()=>{},1e6)";
  const child = spawn(process.execPath, ['-e', script, 'sock-diagnose-marker'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  return {
    pid: child.pid ?? -1,
    port: Number(chunk.toString().trim()),
    inode: Number.NaN,
    [Symbol.asyncDispose]: async () => {
      child.kill();
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    },
  };
}

describe.skipIf(!linux)('findPortHolders (Linux /proc)', () => {
  it('finds this process on a TCP port of 127.0.0.1, with the socket inode', async () => {
    await using held = await holdTcp('127.0.0.1');
    const holders = await findPortHolders(held.port);
    expect(holders).toEqual([
      expect.objectContaining({
        pid: process.pid,
        inode: held.inode,
        address: '127.0.0.1',
        port: held.port,
        protocol: 'tcp',
      }),
    ]);
    expect(holders[0]?.command).toBe(nodeProgram);
    expect(holders[0]?.cmdline).toContain(process.execPath);
  });

  it.skipIf(!hasIPv6)('finds this process on a TCP port of ::1', async () => {
    await using held = await holdTcp('::1');
    expect(await findPortHolders(held.port, { address: '::1' })).toEqual([
      expect.objectContaining({ pid: process.pid, inode: held.inode, address: '::1' }),
    ]);
    expect(await findPortHolders(held.port, { address: '127.0.0.1' })).toEqual([]);
    expect(await findPortHolders(held.port, { address: '::' })).toHaveLength(1);
  });

  it('finds UDP sockets on 127.0.0.1 and ::1, and only with protocol udp', async () => {
    await using v4 = await holdUdp('127.0.0.1');
    const found = await findPortHolders(v4.port, { protocol: 'udp' });
    expect(found).toEqual([
      expect.objectContaining({ pid: process.pid, address: '127.0.0.1', protocol: 'udp' }),
    ]);
    expect(found[0]?.inode).toBe(v4.inode);
    if (hasIPv6) {
      await using v6 = await holdUdp('::1');
      expect(await findPortHolders(v6.port, { protocol: 'udp', address: '::1' })).toEqual([
        expect.objectContaining({ pid: process.pid, address: '::1', protocol: 'udp' }),
      ]);
    }
  });

  it('matches wildcards over the address asked about, and not other addresses', async () => {
    await using held = await holdTcp('127.0.0.1');
    expect(await findPortHolders(held.port, { address: '0.0.0.0' })).toHaveLength(1);
    expect(await findPortHolders(held.port, { address: '::ffff:127.0.0.1' })).toHaveLength(1);
    expect(await findPortHolders(held.port, { address: '127.0.0.2' })).toEqual([]);
  });

  it('names a child process holding a port, with its pid and command line', async () => {
    await using child = await holdInChild();
    const holders = await findPortHolders(child.port, { address: '127.0.0.1' });
    expect(holders).toEqual([
      expect.objectContaining({ pid: child.pid, command: nodeProgram, address: '127.0.0.1' }),
    ]);
    expect(holders[0]?.cmdline).toContain('sock-diagnose-marker');
  });

  it("names the program, not its main thread (Node 24 calls it 'MainThread')", async () => {
    // process.title renames the main thread (comm) and rewrites the command line, as a thread
    // name of Node 24 or a program that sets its title would.
    await using child = await holdInChild('MainThread');
    expect(readFileSync(`/proc/${child.pid}/comm`, 'utf8').trim()).toBe('MainThread');
    const holders = await findPortHolders(child.port, { address: '127.0.0.1' });
    expect(holders).toEqual([expect.objectContaining({ pid: child.pid, command: nodeProgram })]);
  });

  it('returns [] when nothing holds the port, and for port 0', async () => {
    const port = await closedPort('127.0.0.1');
    expect(await findPortHolders(port)).toEqual([]);
    expect(await findPortHolders(port, { protocol: 'udp' })).toEqual([]);
    expect(await findPortHolders(0)).toEqual([]);
  });

  it('leaves no descriptor or handle open', async () => {
    await using held = await holdTcp('127.0.0.1');
    await findPortHolders(held.port); // warm up lazily created fs machinery
    await settle();
    const before = resourceSnapshot();
    for (let i = 0; i < 50; i++) await findPortHolders(held.port);
    await findPortHolders(await closedPort('127.0.0.1'));
    await expectNoLeaks(before);
  });
});

describe('findPortHolders input checks', () => {
  it.each([
    [-1, 'ERR_SOCK_INVALID_PORT'],
    [70000, 'ERR_SOCK_INVALID_PORT'],
    [1.5, 'ERR_SOCK_INVALID_PORT'],
    ['80', 'ERR_SOCK_INVALID_PORT'],
    [Number.NaN, 'ERR_SOCK_INVALID_PORT'],
  ])('rejects port %s', async (port, code) => {
    const found = findPortHolders(port as number);
    await expect(found).rejects.toMatchObject({ code });
    await expect(found).rejects.toThrow(/`port` option must be an integer from 0 to 65535, got /);
  });

  it('rejects any port outside 0..65535', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.integer({ max: -1 }),
          fc.integer({ min: 65536 }),
          fc.double({ noInteger: true }),
        ),
        async (port) => {
          await expect(findPortHolders(port)).rejects.toBeInstanceOf(SockError);
        },
      ),
    );
  });

  it('rejects a bad protocol, address or options', async () => {
    const protocol = findPortHolders(80, { protocol: 'sctp' as 'tcp' });
    await expect(protocol).rejects.toMatchObject({ code: 'ERR_SOCK_INVALID_OPTION' });
    await expect(protocol).rejects.toThrow("got 'sctp'.");
    const address = findPortHolders(80, { address: 'localhost' });
    await expect(address).rejects.toMatchObject({ code: 'ERR_SOCK_INVALID_HOST' });
    await expect(address).rejects.toThrow("got 'localhost'.");
    await expect(findPortHolders(80, null as never)).rejects.toMatchObject({
      code: 'ERR_SOCK_INVALID_ARGUMENT',
    });
  });
});

const error = (code: string): SockError => new SockError({ code, message: code });

describe('explainBindError', () => {
  const table: {
    code: string;
    platform: NodeJS.Platform;
    address: string;
    port: number;
    protocol: 'tcp' | 'udp';
    hint: RegExp[];
  }[] = [
    {
      code: 'EACCES',
      platform: 'win32',
      address: '127.0.0.1',
      port: 50000,
      protocol: 'tcp',
      hint: [/`netsh int ipv4 show excludedportrange protocol=tcp`/, /reserved/],
    },
    {
      code: 'EACCES',
      platform: 'win32',
      address: '::1',
      port: 53,
      protocol: 'udp',
      hint: [/protocol=udp`/, /\[::1\]:53 \(udp\)/],
    },
    {
      code: 'EACCES',
      platform: 'darwin',
      address: '127.0.0.1',
      port: 80,
      protocol: 'tcp',
      hint: [/privileged/],
    },
    {
      code: 'EACCES',
      platform: 'darwin',
      address: '127.0.0.1',
      port: 8080,
      protocol: 'tcp',
      hint: [/security policy/],
    },
    {
      code: 'EADDRINUSE',
      platform: 'win32',
      address: '127.0.0.1',
      port: 8080,
      protocol: 'tcp',
      hint: [/`netstat -ano -p tcp \| findstr :8080`/, /port 0/, /reusePort/],
    },
    {
      code: 'EADDRINUSE',
      platform: 'darwin',
      address: '0.0.0.0',
      port: 5353,
      protocol: 'udp',
      hint: [/`lsof -nP -iUDP:5353`/, /reuseAddr/],
    },
    {
      code: 'EAFNOSUPPORT',
      platform: 'win32',
      address: '::1',
      port: 80,
      protocol: 'tcp',
      hint: [/IPv6 (seems to be |is )?disabled or unsupported/, /::1/, /IPv4/],
    },
    {
      code: 'EAFNOSUPPORT',
      platform: 'darwin',
      address: '127.0.0.1',
      port: 80,
      protocol: 'tcp',
      hint: [/IPv4 is not available/],
    },
  ];
  it.each(table)('$code on $platform ($address, $protocol)', async (row) => {
    const explained = await explainBindError(error(row.code), row);
    for (const pattern of row.hint) expect(explained.hint).toMatch(pattern);
    expect(explained.holders).toBeUndefined();
  });

  it('falls back on the general hint, or nothing, for other codes', async () => {
    const context = { address: '::1', port: 1, protocol: 'tcp', platform: 'linux' } as const;
    expect((await explainBindError(error('EINVAL'), context)).hint).toMatch(/already be bound/);
    for (const code of ['ERR_SOCK_INVALID_PORT', 'EXYZ']) {
      expect(await explainBindError(error(code), context)).toEqual({});
    }
  });

  it('reads Winsock spellings as their POSIX names', async () => {
    const explained = await explainBindError(error('WSAEACCES'), {
      address: '127.0.0.1',
      port: 50000,
      protocol: 'tcp',
      platform: 'win32',
    });
    expect(explained.hint).toMatch(/excludedportrange/);
  });

  it('lists this host’s addresses for EADDRNOTAVAIL, on any platform', async () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const explained = await explainBindError(error('EADDRNOTAVAIL'), {
        address: '192.0.2.99',
        port: 80,
        protocol: 'tcp',
        platform,
      });
      expect(explained.addresses).toContain('127.0.0.1');
      expect(explained.hint).toMatch(/192\.0\.2\.99`? is not an address of this/);
      expect(explained.hint).toContain('127.0.0.1');
    }
    const linkLocal = await explainBindError(error('EADDRNOTAVAIL'), {
      address: 'fe80::1234',
      port: 80,
      protocol: 'tcp',
    });
    expect(linkLocal.hint).toMatch(/interface zone/);
  });

  it('rejects what is not an error with a code, and a bad context', async () => {
    await expect(
      explainBindError(null as never, { address: '::1', port: 1, protocol: 'tcp' }),
    ).rejects.toMatchObject({ code: 'ERR_SOCK_INVALID_ARGUMENT' });
    await expect(explainBindError(error('EACCES'), null as never)).rejects.toMatchObject({
      code: 'ERR_SOCK_INVALID_ARGUMENT',
    });
    await expect(
      explainBindError(error('EACCES'), { address: '::1', port: 99999, protocol: 'tcp' }),
    ).rejects.toMatchObject({ code: 'ERR_SOCK_INVALID_PORT' });
    await expect(
      explainBindError(error('EACCES'), { address: '::1', port: 1, protocol: 'quic' as 'tcp' }),
    ).rejects.toMatchObject({ code: 'ERR_SOCK_INVALID_OPTION' });
  });
});

describe.skipIf(!linux)('explainBindError on this Linux host', () => {
  it('names this process for a real EADDRINUSE', async () => {
    await using held = await holdTcp('127.0.0.1');
    const second = net.createServer();
    second.listen(held.port, '127.0.0.1');
    const [raw] = (await once(second, 'error')) as [Error];
    const explained = await explainBindError(toSockError(raw), {
      address: '127.0.0.1',
      port: held.port,
      protocol: 'tcp',
    });
    expect(explained.holders).toEqual([
      expect.objectContaining({ pid: process.pid, inode: held.inode }),
    ]);
    expect(explained.hint).toContain(`(pid ${process.pid}, this process)`);
    expect(explained.hint).toContain(`127.0.0.1:${held.port} (tcp) is held by`);
    expect(explained.hint).toContain('This process holds it already');
  });

  it('names a child process, and says when nothing holds the port any more', async () => {
    await using child = await holdInChild();
    const busy = await explainBindError(error('EADDRINUSE'), {
      address: '0.0.0.0',
      port: child.port,
      protocol: 'tcp',
    });
    expect(busy.hint).toContain(`${nodeProgram} (pid ${child.pid}): `);
    expect(busy.hint).toContain('Stop that process');
    const port = await closedPort('127.0.0.1');
    const gone = await explainBindError(error('EADDRINUSE'), {
      address: '127.0.0.1',
      port,
      protocol: 'tcp',
    });
    expect(gone.holders).toBeUndefined();
    expect(gone.hint).toMatch(/No socket on this host holds/);
    expect(gone.hint).toMatch(/TIME_WAIT/);
  });

  it('explains EACCES with the current net.ipv4.ip_unprivileged_port_start', async () => {
    const start = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'));
    const context = { address: '127.0.0.1', protocol: 'tcp', platform: 'linux' } as const;
    if (start > 80) {
      const low = await explainBindError(error('EACCES'), { ...context, port: 80 });
      // As root, a privileged port is not the cause; otherwise the hint says how to allow it.
      if (process.getuid?.() === 0) expect(low.hint).toMatch(/root.*not the cause/);
      else {
        expect(low.hint).toMatch(/setcap/);
        expect(low.hint).toContain(`ip_unprivileged_port_start = ${start} here`);
      }
    }
    const high = await explainBindError(error('EACCES'), {
      ...context,
      port: Math.max(start, 1024),
    });
    expect(high.hint).toMatch(/not privileged here.*security policy/);
  });

  it('reads the IPv6 switch for EAFNOSUPPORT', async () => {
    const explained = await explainBindError(error('EAFNOSUPPORT'), {
      address: '::1',
      port: 80,
      protocol: 'tcp',
    });
    expect(explained.hint).toMatch(/IPv6 (seems to be |is )?(disabled|not available)/);
    expect(explained.hint).toContain('net.ipv6.conf.all.disable_ipv6');
  });

  it('explains a real EADDRNOTAVAIL', async () => {
    const server = net.createServer();
    server.listen(0, '192.0.2.99'); // TEST-NET-1: assigned to no host, never routed
    const [raw] = (await once(server, 'error')) as [Error];
    const sockError = toSockError(raw);
    expect(sockError.code).toBe('EADDRNOTAVAIL');
    const explained = await explainBindError(sockError, {
      address: '192.0.2.99',
      port: 0,
      protocol: 'tcp',
    });
    expect(explained.addresses).toEqual(expect.arrayContaining(['127.0.0.1']));
  });

  it('leaves no descriptor or handle open', async () => {
    await using held = await holdTcp('127.0.0.1');
    const context = { address: '127.0.0.1', port: held.port, protocol: 'tcp' } as const;
    await explainBindError(error('EADDRINUSE'), context);
    await settle();
    const before = resourceSnapshot();
    for (const code of ['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']) {
      for (let i = 0; i < 10; i++) await explainBindError(error(code), context);
    }
    await expectNoLeaks(before);
  });
});
