// What Wine 8.0 does differently from Windows, as the README's Windows lane section lists it. These
// pass while Wine behaves so; one that fails means Wine changed and the README (and perhaps a test
// that works around the difference) should change with it. Only under the lane, which is Wine.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import dns from 'node:dns/promises';
import http from 'node:http';
import { describe, test } from 'node:test';

const skip = process.env.SOCK_WINDOWS_LANE === '1' ? false : 'runs only in the Windows lane (Wine)';
const run = (file, args) =>
  new Promise((resolve) => {
    // Wine's netstat lists every socket of the Linux host, which can be megabytes.
    execFile(
      file,
      args,
      { windowsHide: true, encoding: 'latin1', maxBuffer: 256 * 1024 * 1024 },
      (error, stdout) => resolve(error === null ? stdout : `${error}`),
    );
  });

describe('Wine 8.0, unlike Windows', { skip }, () => {
  test('resolves localhost from the Linux host (127.0.0.1 here), not as ::1 and 127.0.0.1', async () => {
    const answers = await dns.lookup('localhost', { all: true });
    assert.deepEqual(
      answers.map((a) => a.address),
      ['127.0.0.1'],
    );
  });

  test('lets UDP bind an address the host lacks (192.0.2.1, TEST-NET-1)', async () => {
    const socket = dgram.createSocket('udp4');
    await new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '192.0.2.1', resolve);
    });
    assert.equal(socket.address().address, '192.0.2.1');
    await new Promise((resolve) => socket.close(resolve));
  });

  test('fetch() cannot connect (connect UNKNOWN, -4094) where node:http can', async () => {
    const server = http.createServer((request, response) => response.end('ok'));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${server.address().port}/`;
    try {
      const error = await fetch(url).then(
        () => undefined,
        (e) => e,
      );
      assert.equal(error?.cause?.code, 'UNKNOWN');
      assert.equal(error.cause.errno, -4094);
      const status = await new Promise((resolve, reject) => {
        http.get(url, (response) => resolve(response.resume().statusCode)).once('error', reject);
      });
      assert.equal(status, 200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('netstat -ano prints no PID column', async () => {
    const text = await run('netstat.exe', ['-ano', '-p', 'TCP']);
    const header = text.split(/\r?\n/).find((line) => /^\s*Proto\s/.test(line));
    assert.ok(header, text);
    assert.doesNotMatch(header, /PID/);
  });

  test('netsh lists no excluded port ranges', async () => {
    const text = await run('netsh.exe', [
      'int',
      'ipv4',
      'show',
      'excludedportrange',
      'protocol=tcp',
    ]);
    // A range row is two port numbers (and an administered `*`).
    assert.equal(
      text.split(/\r?\n/).filter((line) => /^\s*\d+\s+\d+\s*\*?\s*$/.test(line)).length,
      0,
    );
  });
});
