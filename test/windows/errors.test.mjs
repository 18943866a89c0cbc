// @sock/errors on the Windows build of Node: the win32 tables against what node.exe itself reports,
// real socket failures arriving with libuv's Windows numbers and read as their Winsock names,
// describe()/toSockError()/translate() defaulting to win32, and the sock-errno command.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import { describe, test } from 'node:test';
import util from 'node:util';
import { toSockError } from '@sock/errors';
import { describe as describeError, errno, translate, uv, winsock } from '@sock/errors/tables';
import { closedPort, holdTcp, holdUdp } from './helpers.mjs';

const [uvMajor, uvMinor] = process.versions.uv.split('.').map(Number);

describe('the win32 tables against node.exe', () => {
  test('runs on the Windows build of Node', () => {
    assert.equal(process.platform, 'win32');
    assert.equal(os.platform(), 'win32');
  });

  test("uv.win32 is libuv's map as node.exe reports it (util.getSystemErrorMap), entry by entry", () => {
    const live = new Map([...util.getSystemErrorMap()].map(([number, [name]]) => [name, number]));
    for (const [name, number] of Object.entries(uv.win32)) {
      // ENOEXEC arrived in libuv 1.50 (Node 20 ships 1.46).
      if (name === 'ENOEXEC' && uvMajor === 1 && uvMinor < 50) {
        assert.equal(live.has(name), false);
        continue;
      }
      assert.equal(live.get(name), number, name);
      assert.equal(util.getSystemErrorName(number), name);
    }
    for (const [name, number] of live) assert.equal(uv.win32[name], number, `${name} missing`);
  });

  test("errno.win32 is the CRT's errno.h as node.exe reports it (os.constants.errno)", () => {
    const constants = os.constants.errno;
    let compared = 0;
    for (const [name, number] of Object.entries(constants)) {
      if (name.startsWith('WSA')) continue;
      assert.equal(errno.win32[name], number, name);
      compared++;
    }
    assert.ok(compared > 70, `only ${compared} errno constants`);
  });

  test('the Winsock table has every WSA constant node.exe knows, with its number', () => {
    const byName = new Map(Object.values(winsock).map((entry) => [entry.name, entry.number]));
    const wsa = Object.entries(os.constants.errno).filter(([name]) => name.startsWith('WSA'));
    assert.ok(wsa.length > 50);
    for (const [name, number] of wsa) assert.equal(byName.get(name), number, name);
  });
});

describe('describe(), translate() and toSockError() default to win32 here', () => {
  test('a bare name reads as the Windows CRT errno, a negative number as libuv on Windows', () => {
    assert.equal(describeError('EADDRINUSE').platform, 'win32');
    assert.equal(describeError('EADDRINUSE').number, 100);
    const uvEntry = describeError(-4091);
    assert.equal(uvEntry.namespace, 'uv');
    assert.equal(uvEntry.name, 'EADDRINUSE');
    assert.ok(uvEntry.equivalents.some((e) => e.name === 'WSAEADDRINUSE' && e.number === 10048));
  });

  test('translate() to winsock and to errno without a platform means Windows', () => {
    const toWinsock = translate('ECONNREFUSED', { to: 'winsock' });
    assert.equal(toWinsock.name, 'WSAECONNREFUSED');
    assert.equal(toWinsock.number, 10061);
    const toErrno = translate(-4090, { to: 'errno' });
    assert.equal(toErrno.platform, 'win32');
    assert.equal(toErrno.number, 101);
  });
});

// Each case makes the failure happen for real on loopback, then reads it.
const failures = [
  {
    code: 'EADDRINUSE',
    uvErrno: -4091,
    winsock: 10048,
    crt: 100,
    async cause() {
      const held = await holdTcp('127.0.0.1');
      try {
        return await holdTcp('127.0.0.1', { port: held.port }).then(
          (other) => other.close().then(() => assert.fail('listened twice')),
          (error) => error,
        );
      } finally {
        await held.close();
      }
    },
  },
  {
    code: 'ECONNREFUSED',
    uvErrno: -4078,
    winsock: 10061,
    crt: 107,
    async cause() {
      const port = await closedPort();
      return new Promise((resolve) => {
        net.connect({ host: '127.0.0.1', port }).once('error', resolve);
      });
    },
  },
  {
    code: 'EADDRNOTAVAIL',
    uvErrno: -4090,
    winsock: 10049,
    crt: 101,
    async cause() {
      // TEST-NET-1 (RFC 5737) is never local; binding it sends nothing.
      return holdTcp('192.0.2.1').then(
        (held) => held.close().then(() => assert.fail('bound 192.0.2.1')),
        (error) => error,
      );
    },
  },
  {
    code: 'EACCES',
    uvErrno: -4092,
    winsock: 10013,
    crt: 13,
    async cause() {
      const held = await holdUdp('127.0.0.1');
      try {
        return await holdUdp('127.0.0.1', { port: held.port, reuseAddr: true }).then(
          (other) => other.close().then(() => assert.fail('bound twice')),
          (error) => error,
        );
      } finally {
        await held.close();
      }
    },
  },
];

describe("real failures arrive with libuv's Windows numbers", () => {
  for (const failure of failures) {
    test(`${failure.code}: errno ${failure.uvErrno} from node.exe, WSA ${failure.winsock} and CRT ${failure.crt} in the SockError`, async () => {
      const error = await failure.cause();
      assert.equal(error.code, failure.code);
      assert.equal(error.errno, failure.uvErrno);
      assert.equal(uv.win32[failure.code], failure.uvErrno);
      const sock = toSockError(error);
      assert.equal(sock.code, failure.code);
      assert.equal(sock.uvErrno, failure.uvErrno);
      assert.equal(sock.winsock, failure.winsock);
      assert.equal(sock.errno, failure.crt);
      assert.equal(sock.cause, error);
      assert.equal(describeError(sock.winsock).name, `WSA${failure.code}`);
      assert.equal(translate(error.errno, { to: 'winsock' }).number, failure.winsock);
      assert.ok(sock.hint, 'a hint');
    });
  }

  test('the EADDRINUSE hint names the Windows command, not ss or lsof', async () => {
    const sock = toSockError(await failures[0].cause());
    assert.match(sock.hint, /netstat -ano/);
    assert.doesNotMatch(sock.hint, /\bss\b|lsof/);
  });
});

describe('sock-errno on win32', () => {
  const require = createRequire(import.meta.url);
  const bin = require
    .resolve('@sock/errors/package.json')
    .replace(/package\.json$/, 'bin/sock-errno.js');
  const run = (args) =>
    new Promise((resolve) => {
      execFile(process.execPath, [bin, ...args], (error, stdout, stderr) =>
        resolve({ status: error?.code ?? 0, stdout, stderr }),
      );
    });

  test("reads libuv's Windows number and names the Winsock equivalent", async () => {
    const { status, stdout } = await run(['-4091', '--platform', 'win32']);
    assert.equal(status, 0);
    assert.match(stdout, /uv\s+win32\s+EADDRINUSE\s+-4091/);
    assert.match(stdout, /winsock\s+win32\s+WSAEADDRINUSE\s+10048/);
  });

  test('a Winsock number as JSON', async () => {
    const { status, stdout } = await run(['10061', '--json']);
    assert.equal(status, 0);
    const rows = JSON.parse(stdout);
    assert.ok(rows.some((row) => row.name === 'WSAECONNREFUSED' && row.number === 10061));
    assert.ok(rows.some((row) => row.name === 'ECONNREFUSED' && row.number === -4078));
  });

  test('exit status 1 for an unknown name, 64 for a usage error', async () => {
    assert.equal((await run(['ENOSUCHERROR'])).status, 1);
    assert.equal((await run(['--platform', 'plan9', '1'])).status, 64);
  });
});
