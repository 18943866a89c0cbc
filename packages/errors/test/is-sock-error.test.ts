import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { SockError, isSockError } from '../src/index.js';

import type * as Index from '../src/index.js';

type Api = typeof Index;

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const built = existsSync(`${dist}index.js`) && existsSync(`${dist}index.cjs`);

describe('isSockError()', () => {
  it('tells SockErrors from other values', () => {
    expect(isSockError(new SockError({ code: 'ERR_SOCK_CLOSED', message: 'closed' }))).toBe(true);
    class Sub extends SockError {}
    expect(isSockError(new Sub({ code: 'ERR_SOCK_CLOSED', message: 'closed' }))).toBe(true);
    for (const value of [new Error('x'), { code: 'EADDRINUSE' }, null, undefined, 'SockError', 1])
      expect(isSockError(value)).toBe(false);
  });

  it('holds across two module instances of the source', async () => {
    vi.resetModules();
    const a = await import('../src/index.js');
    vi.resetModules();
    const b = await import('../src/index.js');
    expect(a.SockError).not.toBe(b.SockError);
    const error = new a.SockError({ code: 'EADDRINUSE', message: 'in use' });
    expect(error).not.toBeInstanceOf(b.SockError);
    expect(b.isSockError(error)).toBe(true);
    expect(b.toSockError(error)).toBe(error);
  });

  it.skipIf(!built)('holds between the built ESM and CJS copies side by side', async () => {
    const esm = (await import(pathToFileURL(`${dist}index.js`).href)) as Api;
    const cjs = createRequire(import.meta.url)(`${dist}index.cjs`) as Api;
    expect(esm.SockError).not.toBe(cjs.SockError);
    const fromCjs = cjs.toSockError(Object.assign(new Error('x'), { code: 'EADDRINUSE' }));
    const fromEsm = new esm.SockError({ code: 'ERR_SOCK_CLOSED', message: 'closed' });
    expect(esm.isSockError(fromCjs)).toBe(true);
    expect(cjs.isSockError(fromEsm)).toBe(true);
    expect(isSockError(fromCjs)).toBe(true);
    expect(esm.toSockError(fromCjs)).toBe(fromCjs);
  });
});
