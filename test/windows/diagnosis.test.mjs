// The Windows diagnosis on Windows Node: after a failed bind, and only then, @sock/bind asks
// netstat (and tasklist) who holds the port and netsh which excluded range refused it, through
// execFile with fixed arguments, no shell. Under Wine, netstat prints no process ids and netsh no
// ranges, so what is proven here is when and how the commands run, and that a diagnosis finding
// nothing still gives the Windows hint; the parsing is proven on captured Windows output by
// packages/bind/test/windows-parsers.test.ts.
import assert from 'node:assert/strict';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { bind, explainBindError } from '@sock/bind';
import { toSockError } from '@sock/errors';
import { expectNoLeaks, holdTcp, holdUdp, sockets } from './helpers.mjs';

const childProcess = createRequire(import.meta.url)('node:child_process');
const original = {
  execFile: childProcess.execFile,
  exec: childProcess.exec,
  spawn: childProcess.spawn,
};
let calls = [];

beforeEach(() => {
  calls = [];
  childProcess.execFile = function execFile(file, args, options, callback) {
    // Reported by name; where it was run from is checked separately.
    calls.push({
      how: 'execFile',
      file: file.replace(/^.*\\/, ''),
      path: file,
      args: [...args],
      shell: options?.shell,
    });
    return original.execFile.call(this, file, args, options, callback);
  };
  childProcess.exec = function exec(command, ...rest) {
    calls.push({ how: 'exec', command });
    return original.exec.call(this, command, ...rest);
  };
  // ES module imports of node:child_process see the wrappers from here on.
  syncBuiltinESMExports();
});

afterEach(() => {
  Object.assign(childProcess, original);
  syncBuiltinESMExports();
});

describe('commands run after a failure only', () => {
  test('a successful bind runs nothing', async () => {
    const binding = await bind({ host: '127.0.0.1', port: 0 });
    await binding.close();
    assert.deepEqual(calls, []);
  });

  test('EADDRINUSE on TCP: netstat -ano -p TCP and -p TCPv6, through execFile, no shell', async () => {
    const held = await holdTcp('127.0.0.1');
    const before = sockets();
    try {
      const error = await bind({ host: '127.0.0.1', port: held.port }).catch((e) => e);
      assert.equal(error.code, 'EADDRINUSE');
      assert.deepEqual(calls.map((c) => `${c.how} ${c.file} ${c.args.join(' ')}`).sort(), [
        'execFile netstat.exe -ano -p TCP',
        'execFile netstat.exe -ano -p TCPv6',
      ]);
      assert.ok(calls.every((c) => !c.shell));
      // The System32 copy, never one a bare name would find in the current directory first.
      const system32 = `${process.env.SystemRoot}\\System32\\`.toLowerCase();
      assert.ok(
        calls.every((c) => c.path.toLowerCase().startsWith(system32)),
        calls[0].path,
      );
      // Wine's netstat shows no PID column: nobody to name, and the hint says how to look.
      assert.equal(error.holders, undefined);
      assert.ok(error.hint.includes(`netstat -ano -p tcp | findstr :${held.port}`), error.hint);
      await expectNoLeaks(before);
    } finally {
      await held.close();
    }
  });

  test('EADDRINUSE on UDP asks netstat about UDP', async () => {
    const held = await holdUdp('127.0.0.1');
    try {
      const error = await bind({ host: '127.0.0.1', port: held.port, protocol: 'udp' }).catch(
        (e) => e,
      );
      assert.equal(error.code, 'EADDRINUSE');
      assert.deepEqual(calls.map((c) => c.args.join(' ')).sort(), ['-ano -p UDP', '-ano -p UDPv6']);
    } finally {
      await held.close();
    }
  });

  test('EACCES: netsh int ipv4 show excludedportrange for the protocol', async () => {
    const held = await holdUdp('127.0.0.1');
    try {
      const error = await bind({
        host: '127.0.0.1',
        port: held.port,
        protocol: 'udp',
        reuseAddr: true,
      }).catch((e) => e);
      assert.equal(error.code, 'EACCES');
      assert.deepEqual(
        calls.map((c) => `${c.file} ${c.args.join(' ')}`),
        ['netsh.exe int ipv4 show excludedportrange protocol=udp'],
      );
      // netsh under Wine lists no range: the hint names the possible causes and the command.
      assert.match(error.hint, /excludedportrange protocol=udp/);
    } finally {
      await held.close();
    }
  });

  test('explainBindError() for another platform runs nothing here', async () => {
    const error = toSockError(Object.assign(new Error('in use'), { code: 'EADDRINUSE' }));
    const explained = await explainBindError(error, {
      address: '127.0.0.1',
      port: 8080,
      protocol: 'tcp',
      platform: 'linux',
    });
    assert.match(explained.hint, /ss -ltnp/);
    assert.deepEqual(calls, []);
  });
});
