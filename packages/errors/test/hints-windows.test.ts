// The EACCES advice on Windows when the caller found the excluded port range that holds the port
// (@sock/bind asks `netsh int ipv4 show excludedportrange` after a refused bind on Windows).
import { describe, expect, it } from 'vitest';
import { hintFor } from '../src/index.js';

const context = { address: '127.0.0.1', port: 49700, protocol: 'tcp', platform: 'win32' } as const;

describe('hintFor EACCES on Windows with an excluded range', () => {
  it('says which range holds the port, and that Windows reserved it', () => {
    const hint = hintFor('EACCES', {
      ...context,
      excludedRange: { start: 49690, end: 49789, administered: false },
    });
    expect(hint).toContain(
      'Windows reserved (for Hyper-V, WSL, Docker or WinNAT) ports 49690-49789',
    );
    expect(hint).toContain('`netsh int ipv4 show excludedportrange protocol=tcp`');
    expect(hint).not.toContain('delete');
  });

  it('tells how to lift an administered exclusion, in the address family asked about', () => {
    const hint = hintFor('EACCES', {
      ...context,
      address: '::1',
      port: 50030,
      excludedRange: { start: 50000, end: 50059, administered: true },
    });
    expect(hint).toContain('an administrator excluded ports 50000-50059');
    expect(hint).toContain(
      '`netsh int ipv6 delete excludedportrange protocol=tcp startport=50000 numberofports=60`',
    );
  });

  it('names one port as a port', () => {
    const hint = hintFor('EACCES', {
      ...context,
      port: 5357,
      excludedRange: { start: 5357, end: 5357, administered: false },
    });
    expect(hint).toContain('reserved (for Hyper-V, WSL, Docker or WinNAT) port 5357;');
  });

  it('without a range, or with one that is not a range, names the possible causes', () => {
    const generic = hintFor('EACCES', context);
    expect(generic).toContain('may lie in a range reserved for Hyper-V');
    for (const excludedRange of [
      { start: 9, end: 3, administered: false },
      { start: 1, end: 70000, administered: false },
      { start: 1, end: 2 },
      'ports 1-2',
    ]) {
      expect(hintFor('EACCES', { ...context, excludedRange } as never)).toBe(generic);
    }
  });

  it('is Windows advice only', () => {
    const hint = hintFor('EACCES', {
      ...context,
      platform: 'linux',
      excludedRange: { start: 49690, end: 49789, administered: false },
    });
    expect(hint).not.toContain('49690');
  });
});
