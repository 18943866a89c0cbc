// @sock/resolve on the Windows build of Node: the hosts and services files are Windows' own
// (%SystemRoot%\System32\drivers\etc), here the Wine prefix's, where the lane installs
// test/windows/fixtures/hosts and services.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { win32 } from 'node:path';
import { describe, test } from 'node:test';
import { bind } from '@sock/bind';
import { getServiceByName, isLoopback, openHostsFile, resolve } from '@sock/resolve';
import { connectOnce, expectNoLeaks, sockets } from './helpers.mjs';

const etc = win32.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'drivers', 'etc');
const read = (name) => {
  try {
    return readFileSync(win32.join(etc, name), 'latin1');
  } catch {
    return '';
  }
};
const laneFiles =
  read('hosts').includes('sock-lane.test') && read('services').includes('sock-lane')
    ? false
    : `the lane's hosts and services files are not installed in ${etc}`;
const addressesOf = (answers) => [...new Set(answers.map((a) => a.address))].sort();

describe("Windows' hosts file", { skip: laneFiles }, () => {
  test('is found under %SystemRoot%\\System32\\drivers\\etc', () => {
    assert.match(process.env.SystemRoot ?? '', /^C:\\windows$/i);
    const file = openHostsFile();
    assert.deepEqual(addressesOf(file.lookup('sock-lane.test')), ['127.0.0.1', '::1']);
    assert.deepEqual(addressesOf(file.lookup('SOCK-LANE-ALIAS.test')), ['127.0.0.1']);
    assert.equal(file.canonicalName('sock-lane-alias.test'), 'sock-lane.test');
    // Windows' own file lists localhost only in comments.
    assert.equal(file.lookup('localhost'), undefined);
  });

  test('resolve() answers its names with both families, IPv6 first', async () => {
    const answers = await resolve('sock-lane.test', 8080, { socktype: 'stream' });
    assert.deepEqual(
      answers.map((a) => `${a.family} ${a.address} ${a.port}`),
      ['6 ::1 8080', '4 127.0.0.1 8080'],
    );
  });

  // Wine answers localhost from the Linux host's /etc/hosts (127.0.0.1 here); Windows' own DNS
  // client answers ::1 and 127.0.0.1. Either way: loopback only.
  test('localhost, absent from the file, still resolves to loopback only', async () => {
    const answers = await resolve('localhost', 80);
    assert.ok(answers.length > 0);
    for (const { address } of answers) assert.ok(isLoopback(address), address);
  });

  test('bind() binds every address the file gives for a name, on one port', async () => {
    const before = sockets();
    const binding = await bind({ host: 'sock-lane.test', port: 0 });
    try {
      assert.deepEqual(addressesOf(binding.addresses), ['127.0.0.1', '::1']);
      await connectOnce('127.0.0.1', binding.port);
      await connectOnce('::1', binding.port);
    } finally {
      await binding.close();
    }
    await expectNoLeaks(before);
  });

  test('a name the file maps to 127.0.0.2 binds there', async () => {
    const binding = await bind({ host: 'v4.sock-lane.test', port: 0 });
    try {
      assert.deepEqual(addressesOf(binding.addresses), ['127.0.0.2']);
    } finally {
      await binding.close();
    }
  });
});

describe("Windows' services file", { skip: laneFiles }, () => {
  test('names and aliases come from it', () => {
    assert.deepEqual({ ...getServiceByName('sock-lane') }, { tcp: 47808 });
    assert.deepEqual({ ...getServiceByName('sock-lane-alias') }, { tcp: 47808 });
    assert.deepEqual({ ...getServiceByName('domain') }, { tcp: 53, udp: 53 });
    assert.deepEqual({ ...getServiceByName('www-http') }, { tcp: 80 });
  });

  test('resolve() takes a service name from it, for its protocols only', async () => {
    const answers = await resolve('127.0.0.1', 'sock-lane');
    assert.deepEqual(
      answers.map((a) => `${a.address} ${a.port} ${a.protocol}`),
      ['127.0.0.1 47808 tcp'],
    );
    const both = await resolve('::1', 'domain');
    assert.deepEqual(both.map((a) => a.protocol).sort(), ['tcp', 'udp']);
  });

  test('a name it lacks is ERR_SOCK_INVALID_SERVICE naming the name', async () => {
    const error = await resolve('127.0.0.1', 'no-such-service-here').catch((e) => e);
    assert.equal(error.code, 'ERR_SOCK_INVALID_SERVICE');
    assert.match(error.message, /no-such-service-here/);
  });
});
