// @sock/bind on the Windows build of Node: every address kind, TCP and UDP, failure paths that
// leave nothing open, ranges and lists, with the errors libuv reports on Windows.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bind, dropPrivileges } from '@sock/bind';
import { uv } from '@sock/errors/tables';
import {
  connectOnce,
  echoDatagrams,
  expectNoLeaks,
  holdTcp,
  holdUdp,
  listenError,
  sockets,
  udpRoundTrip,
  whoAccepts,
} from './helpers.mjs';

// The loopback address a client uses to reach a bound address.
const reach = (address) =>
  address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address;

describe('bind/close of every address kind', () => {
  const kinds = [
    { host: '127.0.0.1', addresses: ['127.0.0.1'] },
    { host: '::1', addresses: ['::1'] },
    { host: '0.0.0.0', addresses: ['0.0.0.0'] },
    { host: '::', addresses: ['::'] },
    { host: '*', addresses: ['::', '0.0.0.0'] },
  ];
  for (const protocol of ['tcp', 'udp']) {
    for (const { host, addresses } of kinds) {
      test(`${protocol} on '${host}' binds ${addresses.join(' and ')}, answers, and closes`, async () => {
        const before = sockets();
        const binding = await bind({ host, port: 0, protocol });
        try {
          assert.deepEqual(binding.addresses.map((a) => a.address).sort(), [...addresses].sort());
          assert.ok(binding.port > 0);
          assert.ok(binding.addresses.every((a) => a.port === binding.port));
          if (protocol === 'tcp') {
            assert.equal(binding.servers.length, addresses.length);
            for (const address of addresses) {
              await connectOnce(reach(address), binding.port);
            }
          } else {
            assert.equal(binding.sockets.length, addresses.length);
            for (const socket of binding.sockets) echoDatagrams(socket);
            for (const address of addresses) {
              assert.equal(await udpRoundTrip(reach(address), binding.port), 'ping');
            }
          }
        } finally {
          await binding.close();
        }
        assert.equal(binding.closed, true);
        await expectNoLeaks(before);
      });
    }

    test(`${protocol} on 'localhost' binds what the resolver gives, on one port`, async () => {
      const before = sockets();
      const binding = await bind({ host: 'localhost', port: 0, protocol });
      try {
        assert.ok(binding.addresses.length >= 1);
        for (const { address } of binding.addresses) {
          assert.ok(['127.0.0.1', '::1'].includes(address), address);
        }
        assert.equal(new Set(binding.addresses.map((a) => a.port)).size, 1);
      } finally {
        await binding.close();
      }
      await expectNoLeaks(before);
    });

    test(`${protocol} without a host binds both loopback addresses on one port`, async () => {
      const before = sockets();
      const binding = await bind({ port: 0, protocol });
      try {
        assert.deepEqual(binding.addresses.map((a) => a.address).sort(), ['127.0.0.1', '::1']);
        assert.equal(new Set(binding.addresses.map((a) => a.port)).size, 1);
      } finally {
        await binding.close();
      }
      await expectNoLeaks(before);
    });
  }
});

describe("'*' and '::' on Windows", () => {
  test("'::' is one dual-stack socket: it holds the IPv4 port too", async () => {
    const binding = await bind({ host: '::', port: 0 });
    try {
      assert.equal(binding.servers.length, 1);
      // libuv on Windows turns IPV6_V6ONLY off unless asked, as Node does on every platform.
      const seen = await whoAccepts(binding.servers, '127.0.0.1', binding.port);
      assert.equal(seen.remoteAddress, '::ffff:127.0.0.1');
      const error = await listenError('0.0.0.0', binding.port);
      assert.equal(error?.code, 'EADDRINUSE');
      assert.equal(error.errno, uv.win32.EADDRINUSE);
    } finally {
      await binding.close();
    }
  });

  test("'*' is '::' IPv6-only plus 0.0.0.0, so an IPv4 client reaches the IPv4 socket", async () => {
    const binding = await bind({ host: '*', port: 0 });
    try {
      const v4 = await whoAccepts(binding.servers, '127.0.0.1', binding.port);
      assert.equal(binding.addresses[v4.index].address, '0.0.0.0');
      assert.equal(v4.remoteAddress, '127.0.0.1');
      const v6 = await whoAccepts(binding.servers, '::1', binding.port);
      assert.equal(binding.addresses[v6.index].address, '::');
      assert.equal(v6.remoteAddress, '::1');
    } finally {
      await binding.close();
    }
  });

  test("'::' with ipv6Only leaves the IPv4 port to another socket", async () => {
    const binding = await bind({ host: '::', port: 0, ipv6Only: true });
    try {
      const v4 = await holdTcp('0.0.0.0', { port: binding.port });
      await v4.close();
    } finally {
      await binding.close();
    }
  });
});

describe('failures close what was opened', () => {
  test("'*' whose IPv4 half is taken: EADDRINUSE with libuv's Windows number, the IPv6 half released", async () => {
    const held = await holdTcp('0.0.0.0');
    const before = sockets();
    try {
      const error = await bind({ host: '*', port: held.port }).then(
        () => assert.fail('bind succeeded'),
        (e) => e,
      );
      assert.equal(error.name, 'BindError');
      assert.equal(error.code, 'EADDRINUSE');
      assert.equal(error.uvErrno, uv.win32.EADDRINUSE);
      assert.equal(error.uvErrno, -4091);
      assert.equal(error.winsock, 10048);
      const failed = error.attempts.find((a) => a.outcome === 'failed');
      assert.equal(failed.address, '0.0.0.0');
      assert.equal(failed.error.code, 'EADDRINUSE');
      assert.match(error.message, /EADDRINUSE/);
      assert.match(error.hint ?? error.message, /netstat -ano -p tcp/);
      await expectNoLeaks(before);
    } finally {
      await held.close();
    }
  });

  test('UDP port taken: EADDRINUSE at bind, nothing left open', async () => {
    const held = await holdUdp('127.0.0.1');
    const before = sockets();
    try {
      const error = await bind({ host: '127.0.0.1', port: held.port, protocol: 'udp' }).catch(
        (e) => e,
      );
      assert.equal(error.code, 'EADDRINUSE');
      assert.equal(error.uvErrno, -4091);
      assert.equal(error.winsock, 10048);
      assert.equal(error.step, 'bind');
      await expectNoLeaks(before);
    } finally {
      await held.close();
    }
  });

  test('an address this host lacks: EADDRNOTAVAIL (-4090, WSAEADDRNOTAVAIL 10049) naming the addresses it has', async () => {
    const before = sockets();
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never a local address. A bind sends nothing.
    const error = await bind({ host: '192.0.2.1', port: 0 }).catch((e) => e);
    assert.equal(error.code, 'EADDRNOTAVAIL');
    assert.equal(error.uvErrno, -4090);
    assert.equal(error.winsock, 10049);
    assert.match(error.hint ?? '', /127\.0\.0\.1/);
    await expectNoLeaks(before);
  });

  test('a shared UDP bind over a socket that does not share: EACCES (-4092, WSAEACCES 10013) with the Windows hint', async () => {
    // Windows refuses SO_REUSEADDR on a port another socket holds without it with WSAEACCES.
    const held = await holdUdp('127.0.0.1');
    const before = sockets();
    try {
      const error = await bind({
        host: '127.0.0.1',
        port: held.port,
        protocol: 'udp',
        reuseAddr: true,
      }).catch((e) => e);
      assert.equal(error.code, 'EACCES');
      assert.equal(error.uvErrno, -4092);
      assert.equal(error.winsock, 10013);
      assert.match(error.hint ?? '', /excludedportrange protocol=udp/);
      await expectNoLeaks(before);
    } finally {
      await held.close();
    }
  });

  test('a signal aborted mid-bind closes everything', async () => {
    const before = sockets();
    const controller = new AbortController();
    const error = await bind({
      port: 0,
      signal: controller.signal,
      onAttempt: () => controller.abort(new Error('stop')),
    }).catch((e) => e);
    assert.equal(error.message, 'stop');
    await expectNoLeaks(before);
  });
});

describe('ports: ranges and lists', () => {
  test('a list goes past a taken port to the next entry', async () => {
    const held = await holdTcp('127.0.0.1');
    try {
      const binding = await bind({ host: '127.0.0.1', port: [held.port, 0] });
      try {
        assert.notEqual(binding.port, held.port);
        const first = binding.attempts[0];
        assert.equal(first.port, held.port);
        assert.equal(first.outcome, 'failed');
        assert.equal(first.error.code, 'EADDRINUSE');
        assert.equal(first.error.uvErrno, -4091);
      } finally {
        await binding.close();
      }
    } finally {
      await held.close();
    }
  });

  test('a range whose ports are all taken fails with every attempt listed', async () => {
    const held = await holdTcp('127.0.0.1');
    const before = sockets();
    try {
      const error = await bind({ host: '127.0.0.1', port: `${held.port}-${held.port}` }).catch(
        (e) => e,
      );
      assert.equal(error.code, 'EADDRINUSE');
      assert.ok(error.attempts.length >= 1);
      assert.ok(error.attempts.every((a) => a.port === held.port && a.outcome === 'failed'));
      await expectNoLeaks(before);
    } finally {
      await held.close();
    }
  });

  test('exclude drops the held port from a range', async () => {
    const held = await holdTcp('127.0.0.1');
    try {
      const binding = await bind({
        host: '127.0.0.1',
        port: [`${held.port}-${held.port}`, 0],
        exclude: [held.port],
      });
      try {
        assert.notEqual(binding.port, held.port);
        assert.ok(binding.attempts.every((a) => a.port !== held.port));
      } finally {
        await binding.close();
      }
    } finally {
      await held.close();
    }
  });
});

describe('what Windows cannot honour is an error, never ignored', () => {
  test('reusePort: ERR_SOCK_UNSUPPORTED for TCP and UDP, nothing opened', async () => {
    const before = sockets();
    for (const protocol of ['tcp', 'udp']) {
      const error = await bind({ port: 0, protocol, reusePort: true }).catch((e) => e);
      assert.equal(error.code, 'ERR_SOCK_UNSUPPORTED', error.message);
      assert.match(error.message, /reusePort/);
    }
    await expectNoLeaks(before);
  });

  test('dropPrivileges(): ERR_SOCK_UNSUPPORTED saying Windows has no POSIX user ids', async () => {
    const error = await Promise.resolve()
      .then(() => dropPrivileges({ user: 'nobody' }))
      .catch((e) => e);
    assert.equal(error.code, 'ERR_SOCK_UNSUPPORTED');
    assert.match(error.message, /Windows/);
  });
});
