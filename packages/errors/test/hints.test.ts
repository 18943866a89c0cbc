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
      { address: '0.0.0.0', port: 80, platform: 'linux' },
      ['1024', 'CAP_NET_BIND_SERVICE', 'net.ipv4.ip_unprivileged_port_start'],
    ],
    ['EACCES', { address: '0.0.0.0', port: 80, platform: 'darwin' }, ['1024']],
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
});
