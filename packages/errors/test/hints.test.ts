import { describe, expect, it } from 'vitest';
import { hintFor } from '../src/index.js';

describe('hintFor()', () => {
  // The codes the issue asks a hint for, each with a context and words the hint must contain.
  const cases = [
    [
      'EADDRINUSE',
      { address: '127.0.0.1', port: 8080, platform: 'linux' },
      ['127.0.0.1:8080', 'ss -ltnp', 'port 0'],
    ],
    ['EADDRINUSE', { address: '::', port: 8080, platform: 'darwin' }, ['[::]:8080', 'lsof']],
    ['EADDRINUSE', { port: 8080, platform: 'win32' }, ['netstat -ano']],
    ['EADDRINUSE', { address: '/tmp/app.sock', platform: 'linux' }, ['/tmp/app.sock', 'remove']],
    [
      'EACCES',
      { address: '0.0.0.0', port: 80, platform: 'linux', root: false },
      ['1024', 'CAP_NET_BIND_SERVICE', 'net.ipv4.ip_unprivileged_port_start'],
    ],
    ['EACCES', { address: '0.0.0.0', port: 80, platform: 'darwin', root: false }, ['1024']],
    ['EACCES', { address: '0.0.0.0', port: 8080, platform: 'linux' }, ['firewall']],
    ['EADDRNOTAVAIL', { address: '192.0.2.1', port: 80 }, ['192.0.2.1', '0.0.0.0']],
    ['ENOTFOUND', { hostname: 'db.invalid' }, ['db.invalid', 'localhost']],
    ['EAI_NONAME', { hostname: 'db.invalid' }, ['db.invalid']],
    ['EAI_AGAIN', {}, ['Retry']],
    ['EAFNOSUPPORT', { address: '::1', port: 80 }, ['IPv6', '127.0.0.1']],
    ['EMFILE', {}, ['ulimit -n']],
    ['ECONNREFUSED', { address: '127.0.0.1', port: 5432 }, ['127.0.0.1:5432', '::1']],
    ['ETIMEDOUT', { address: '192.0.2.1', port: 443 }, ['192.0.2.1:443', 'firewall']],
    ['WSAEADDRINUSE', { port: 80, platform: 'win32' }, ['netstat']],
  ] as const;

  it.each(cases)('%s %j', (code, context, words) => {
    const hint = hintFor(code, context);
    expect(hint).toBeTypeOf('string');
    for (const word of words) expect(hint).toContain(word);
  });

  it.each(['EOF', 'ERR_SOCK_INVALID_PORT', 'constructor', '__proto__', 'toString', ''])(
    'has no hint for %j',
    (code) => {
      expect(hintFor(code)).toBeUndefined();
    },
  );

  it('works without a context', () => {
    expect(hintFor('EADDRINUSE')).toMatch(/port 0/);
    expect(hintFor('ENOTFOUND')).toMatch(/^The name does not resolve/);
  });

  describe('with the facts a bind found', () => {
    const inUse = { address: '127.0.0.1', port: 8080, platform: 'linux' } as const;

    it('names the command with sudo, unless the process is root, for TCP and UDP', () => {
      expect(hintFor('EADDRINUSE', { ...inUse, protocol: 'tcp', root: false })).toContain(
        "`sudo ss -ltnp 'sport = :8080'`",
      );
      expect(hintFor('EADDRINUSE', { ...inUse, protocol: 'udp', root: false })).toContain(
        "`sudo ss -lunp 'sport = :8080'`",
      );
      expect(hintFor('EADDRINUSE', { ...inUse, protocol: 'tcp', root: true })).toContain(
        "`ss -ltnp 'sport = :8080'`",
      );
      expect(hintFor('EADDRINUSE', { ...inUse, protocol: 'udp', platform: 'win32' })).toContain(
        '`netstat -ano -p udp | findstr :8080`',
      );
    });

    it('names the holders, or the uids it may not inspect, or says none holds it now', () => {
      const held = hintFor('EADDRINUSE', {
        ...inUse,
        protocol: 'tcp',
        holders: [{ pid: 4242, command: 'nginx', cmdline: 'nginx: master process' }],
      });
      expect(held).toMatch(
        /^127\.0\.0\.1:8080 \(tcp\) is held by nginx \(pid 4242\): nginx: master/,
      );
      expect(held).toContain('reusePort: true');
      expect(hintFor('EADDRINUSE', { ...inUse, protocol: 'tcp', hiddenUids: [999] })).toContain(
        'a process of uid 999 that this process may not inspect',
      );
      expect(hintFor('EADDRINUSE', { ...inUse, protocol: 'tcp', inspected: true })).toContain(
        'No socket on this host holds 127.0.0.1:8080 (tcp) now',
      );
      const self = hintFor('EADDRINUSE', {
        ...inUse,
        holders: [{ pid: process.pid, command: 'node' }],
      });
      expect(self).toContain('This process holds it already');
    });

    it('reads privileged ports from the sysctl, and not for root', () => {
      const facts = { address: '0.0.0.0', port: 80, platform: 'linux', protocol: 'tcp' } as const;
      expect(hintFor('EACCES', { ...facts, unprivilegedStart: 100, root: false })).toContain(
        'net.ipv4.ip_unprivileged_port_start = 100 here',
      );
      expect(hintFor('EACCES', { ...facts, unprivilegedStart: 50, root: false })).toContain(
        'Port 80 is not privileged here',
      );
      expect(hintFor('EACCES', { ...facts, root: true })).toContain('The process is root');
      expect(hintFor('EACCES', { ...facts, platform: 'win32' })).toContain('excludedportrange');
    });

    it("lists the host's addresses and the state of IPv6", () => {
      expect(
        hintFor('EADDRNOTAVAIL', { address: '192.0.2.1', hostAddresses: ['127.0.0.1', '::1'] }),
      ).toContain('whose addresses are 127.0.0.1, ::1');
      expect(
        hintFor('EADDRNOTAVAIL', { address: 'fe80::1', hostAddresses: ['127.0.0.1'] }),
      ).toMatch(/interface zone.*no IPv6 address at all/);
      expect(hintFor('EAFNOSUPPORT', { address: '::1', ipv6Disabled: '1' })).toContain(
        'disable_ipv6` = 1',
      );
      expect(hintFor('EAFNOSUPPORT', { address: '::1', ipv6Disabled: 'absent' })).toContain(
        'ipv6.disable=1',
      );
    });

    it('ignores facts of the wrong type instead of throwing', () => {
      const odd = { ...inUse, protocol: 'sctp', holders: 'many', hiddenUids: ['x'] };
      expect(hintFor('EADDRINUSE', odd as never)).toContain('Another socket is bound');
    });
  });
});
