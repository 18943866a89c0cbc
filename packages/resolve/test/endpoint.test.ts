import { isSockError } from '@sock/errors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatEndpoint, parseEndpoint, type Endpoint } from '../src/endpoint.js';

function errorOf(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (err) {
    expect(isSockError(err), String(err)).toBe(true);
    return err as { code: string; message: string };
  }
  throw new Error('expected a SockError, got none');
}

describe('parseEndpoint', () => {
  const valid: [string, Endpoint, { defaultPort?: number | string }?][] = [
    ['[::1]:8080', { host: '::1', port: 8080, family: 6 }],
    ['127.0.0.1:80', { host: '127.0.0.1', port: 80, family: 4 }],
    ['localhost:3000', { host: 'localhost', port: 3000 }],
    ['localhost:http', { host: 'localhost', port: 'http' }],
    [':3000', { host: null, port: 3000 }],
    ['*:3000', { host: null, port: 3000, wildcard: true }],
    ['3000', { host: null, port: 3000 }],
    ['0', { host: null, port: 0 }],
    ['65535', { host: null, port: 65535 }],
    ['[fe80::1%eth0]:80', { host: 'fe80::1', port: 80, family: 6, scopeId: 'eth0' }],
    ['[fe80::1%2]:80', { host: 'fe80::1', port: 80, family: 6, scopeId: '2' }],
    ['[::]:0', { host: '::', port: 0, family: 6 }],
    ['[0:0:0:0:0:0:0:1]:1', { host: '::1', port: 1, family: 6 }],
    ['[::ffff:127.0.0.1]:80', { host: '::ffff:127.0.0.1', port: 80, family: 6 }],
    ['0.0.0.0:80', { host: '0.0.0.0', port: 80, family: 4 }],
    ['example.com.:443', { host: 'example.com.', port: 443 }],
    ['my_service.internal:9000', { host: 'my_service.internal', port: 9000 }],
    ['Web-1.Example.TEST:443', { host: 'Web-1.Example.TEST', port: 443 }],
    ['[::1]', { host: '::1', port: 8080, family: 6 }, { defaultPort: 8080 }],
    ['localhost', { host: 'localhost', port: 'http' }, { defaultPort: 'http' }],
    ['localhost', { host: 'localhost', port: 80 }, { defaultPort: '80' }],
    ['127.0.0.1', { host: '127.0.0.1', port: 1, family: 4 }, { defaultPort: 1 }],
    ['*', { host: null, port: 5, wildcard: true }, { defaultPort: 5 }],
    ['localhost:3000', { host: 'localhost', port: 3000 }, { defaultPort: 1 }],
  ];
  it.each(valid)('%j', (text, expected, options) => {
    expect(parseEndpoint(text, options)).toEqual(expected);
  });

  // Each bad text, and words its message must contain: the text itself and the fix.
  const invalid: [string, string[], { defaultPort?: number | string }?][] = [
    ['::1:8080', ["'::1:8080'", 'ambiguous', '`[::1]:8080`']],
    ['fe80::1%eth0:80', ['ambiguous', '`[fe80::1%eth0]:80`']],
    ['::1', ['brackets', '`[::1]:PORT`']],
    ['::1', ['brackets', '`[::1]`'], { defaultPort: 80 }],
    ['2001:db8::1:http', ['brackets', '`[2001:db8::1]:http`']],
    ['', ['empty']],
    [' 127.0.0.1:80', ['whitespace']],
    ['localhost:80\n', ["'localhost:80\\n'", 'whitespace']],
    ['localhost', ['no port', '`localhost:PORT`', 'defaultPort']],
    ['[::1]', ['no port', '`[::1]:PORT`']],
    ['*', ['no port']],
    ['localhost:', ['missing', '`localhost:PORT`']],
    ['[::1]:', ['missing']],
    ['localhost:65536', ["'65536'", '0 to 65535']],
    ['localhost:99999999999999999999', ['0 to 65535']],
    ['localhost:080', ['leading zero', '`80`']],
    ['localhost:-1', ["'-1'", 'service name']],
    ['localhost:a b', ['whitespace']],
    ['localhost:80:90', ['more than one']],
    ['[127.0.0.1]:80', ['IPv6 addresses only', '`127.0.0.1:80`']],
    ['[localhost]:80', ['not an IPv6 address']],
    ['[::1', ['closing']],
    ['[::1]80', ["'80' follows"]],
    ['127.1:80', ["'127.1'", 'IPv4', '127.0.0.1']],
    ['0x7f.0.0.1:80', ["'0x7f.0.0.1'"]],
    // Parsed only: these strings are refused before any lookup or connection.
    ['256.0.0.1:80', ["'256.0.0.1'"]],
    ['1.2.3.4%eth0:80', ['zone']],
    ['-bad:80', ["'-bad'", 'host name']],
    ['a..b:80', ['host name']],
    ['bad!host:80', ["'bad!host'"]],
    [`${'a'.repeat(64)}.test:80`, ['host name']],
    ['a`b:1', ["'a`b:1'"]],
    ['x'.repeat(2000), ['longer than 1024']],
  ];
  it.each(invalid)('rejects %j', (text, words, options) => {
    const err = errorOf(() => parseEndpoint(text, options));
    expect(err.code).toBe('ERR_SOCK_INVALID_ENDPOINT');
    for (const word of words) expect(err.message).toContain(word);
  });

  it('rejects a text that is not a string', () => {
    for (const value of [undefined, null, 8080, {}, ['::1'], Symbol('x')]) {
      const err = errorOf(() => parseEndpoint(value as never));
      expect(err.code).toBe('ERR_SOCK_INVALID_ENDPOINT');
      expect(err.message).toContain('must be a string');
    }
  });

  it('rejects bad options with ERR_SOCK_INVALID_OPTION naming `defaultPort`', () => {
    for (const defaultPort of [-1, 65536, 1.5, Number.NaN, '', '080', 'bad port', {}, null]) {
      const err = errorOf(() =>
        parseEndpoint('localhost', { defaultPort } as { defaultPort: number }),
      );
      expect(err.code).toBe('ERR_SOCK_INVALID_OPTION');
      expect(err.message).toContain('`defaultPort`');
    }
    expect(errorOf(() => parseEndpoint(':80', 5 as never)).code).toBe('ERR_SOCK_INVALID_OPTION');
  });

  it('never throws anything but a SockError, whatever the text', () => {
    const anyUnit = fc.oneof(
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
    );
    const alphabet = fc.constantFrom(...'[]:%*.0123456789abcdefxABCDEF-_ \t/@!'.split(''));
    const texts = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: alphabet, maxLength: 40 }),
      // Any UTF-16 unit, lone surrogates included (fast-check's `binary` unit takes seconds to build).
      fc.string({ unit: anyUnit, maxLength: 40 }),
    );
    const options = fc.option(
      fc.record({
        defaultPort: fc.oneof(fc.integer({ min: -5, max: 70000 }), fc.string({ maxLength: 6 })),
      }),
      { nil: undefined },
    );
    fc.assert(
      fc.property(texts, options, (text, opts) => {
        try {
          const endpoint = parseEndpoint(text, opts);
          // What parses also formats and reads back the same.
          const again = parseEndpoint(formatEndpoint(toAddr(endpoint)));
          expect(again).toEqual(
            endpoint.host === null ? { ...endpoint, wildcard: true } : endpoint,
          );
        } catch (err) {
          expect(isSockError(err), String(err)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

function toAddr(endpoint: Endpoint): {
  address: string | null;
  port: number | string;
  scopeId?: string;
} {
  return endpoint.scopeId === undefined
    ? { address: endpoint.host, port: endpoint.port }
    : { address: endpoint.host, port: endpoint.port, scopeId: endpoint.scopeId };
}

describe('formatEndpoint', () => {
  const table: [Parameters<typeof formatEndpoint>[0], string][] = [
    [{ address: '::1', port: 8080 }, '[::1]:8080'],
    [{ address: '127.0.0.1', port: 80 }, '127.0.0.1:80'],
    [{ address: '::1', port: 8080, family: 'IPv6' }, '[::1]:8080'],
    [{ address: '0:0::1', port: 1, family: 6 }, '[::1]:1'],
    [{ address: 'fe80::1', port: 80, scopeId: 'eth0' }, '[fe80::1%eth0]:80'],
    [{ address: 'fe80::1%eth0', port: 80 }, '[fe80::1%eth0]:80'],
    [{ address: 'fe80::1%2', port: 80, scopeId: 'ignored' }, '[fe80::1%2]:80'],
    [{ address: null, port: 8080 }, '*:8080'],
    [{ address: '', port: 8080 }, '*:8080'],
    [{ address: '*', port: 8080 }, '*:8080'],
    [{ address: '::', port: 0 }, '[::]:0'],
    [{ address: '0.0.0.0', port: 0, family: 'IPv4' }, '0.0.0.0:0'],
    [{ address: 'localhost', port: 'http' }, 'localhost:http'],
    [{ address: 'localhost', port: '3000' }, 'localhost:3000'],
  ];
  it.each(table)('%j', (addr, text) => {
    expect(formatEndpoint(addr)).toBe(text);
  });

  it('formats what server.address() returns', () => {
    const fromNode = { address: '::', family: 'IPv6', port: 43210 } as const;
    expect(formatEndpoint(fromNode)).toBe('[::]:43210');
  });

  it('refuses what would not read back, with ERR_SOCK_INVALID_ARGUMENT', () => {
    const bad: unknown[] = [
      null,
      'localhost:80',
      { address: '::1', port: 65536 },
      { address: '::1', port: -1 },
      { address: '::1', port: 1.5 },
      { address: '::1', port: '080' },
      { address: '::1', port: 'two words' },
      { address: 'bad host', port: 80 },
      { address: '127.1', port: 80 },
      { address: '[::1]', port: 80 },
      { address: 'a:b', port: 80 },
      { address: 42, port: 80 },
      { address: 'fe80::1', port: 80, scopeId: 'bad zone' },
    ];
    for (const addr of bad) {
      const err = errorOf(() => formatEndpoint(addr as Parameters<typeof formatEndpoint>[0]));
      expect(err.code).toBe('ERR_SOCK_INVALID_ARGUMENT');
    }
  });

  it('round-trips generated endpoints through parseEndpoint', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    const ipv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
    const ipv6 = fc
      .array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), {
        minLength: 8,
        maxLength: 8,
      })
      .map((w) => w.map((n) => n.toString(16)).join(':'));
    const zone = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/), fc.nat(99).map(String));
    const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
    const name = fc
      .tuple(
        fc.array(label, { minLength: 0, maxLength: 3 }),
        fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z]$/),
      )
      .map(([labels, tld]) => [...labels, tld].join('.'));
    const port = fc.oneof(
      fc.integer({ min: 0, max: 65535 }),
      fc.constantFrom('http', 'https', 'domain', 'x11', 'http-alt'),
    );
    const addr = fc.oneof(
      fc.record({ address: ipv4, port }),
      fc.record({ address: ipv6, port }),
      fc.record({ address: ipv6, port, scopeId: zone }),
      fc.record({ address: name, port }),
      fc.record({ address: fc.constant(null), port }),
    );
    fc.assert(
      fc.property(addr, (a) => {
        const text = formatEndpoint(a);
        const endpoint = parseEndpoint(text);
        expect(formatEndpoint(toAddr(endpoint))).toBe(text);
        expect(endpoint.port).toBe(a.port);
        if (a.address === null) expect(endpoint).toMatchObject({ host: null, wildcard: true });
        else if (a.address.includes(':')) expect(endpoint.family).toBe(6);
        else if (/^[\d.]+$/.test(a.address))
          expect(endpoint).toMatchObject({ host: a.address, family: 4 });
        else expect(endpoint).toEqual({ host: a.address, port: a.port });
        if ('scopeId' in a) expect(endpoint.scopeId).toBe(a.scopeId);
      }),
      { numRuns: 2000 },
    );
  });
});
