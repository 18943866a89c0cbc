import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SockError } from '@sock/errors';
import { describe, expect, it, vi } from 'vitest';
import { BindError, bind, isBindError, isBinding } from '../src/index.js';

import type * as Index from '../src/index.js';

type Api = typeof Index;

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
// A dist/ built before the brands existed cannot take part; `pnpm build` refreshes it.
const built =
  existsSync(`${dist}index.js`) &&
  existsSync(`${dist}index.cjs`) &&
  readFileSync(`${dist}index.js`, 'utf8').includes('@sock/bind.Binding');

const bindError = (api: Pick<Api, 'BindError'> = { BindError }): BindError =>
  new api.BindError({ code: 'EADDRINUSE', message: 'in use', step: 'bind', attempts: [] });

describe('isBinding() and isBindError()', () => {
  it('tell Bindings and BindErrors from other values', async () => {
    await using binding = await bind({ host: '127.0.0.1' });
    expect(isBinding(binding)).toBe(true);
    expect(isBindError(bindError())).toBe(true);
    expect(bindError()).toBeInstanceOf(BindError);
    const plain = new SockError({ code: 'EADDRINUSE', message: 'in use' });
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
      },
    );
    for (const value of [plain, { ...binding }, null, undefined, 'Binding', 1, hostile]) {
      expect(isBinding(value)).toBe(false);
      expect(isBindError(value)).toBe(false);
      expect(value instanceof BindError).toBe(false);
    }
    expect(isBindError(binding)).toBe(false);
    expect(isBinding(bindError())).toBe(false);
  });

  it('hold across two module instances of the source', async () => {
    vi.resetModules();
    const a = await import('../src/index.js');
    vi.resetModules();
    const b = await import('../src/index.js');
    expect(a.BindError).not.toBe(b.BindError);
    await using binding = await a.bind({ host: '127.0.0.1' });
    expect(b.isBinding(binding)).toBe(true);
    const error = bindError(a);
    expect(b.isBindError(error)).toBe(true);
    expect(error).toBeInstanceOf(b.BindError);
  });

  it.skipIf(!built)('hold between the built ESM and CJS copies side by side', async () => {
    const esm = (await import(pathToFileURL(`${dist}index.js`).href)) as Api;
    const cjs = createRequire(import.meta.url)(`${dist}index.cjs`) as Api;
    expect(esm.bind).not.toBe(cjs.bind);
    await using fromEsm = await esm.bind({ host: '127.0.0.1' });
    await using fromCjs = await cjs.bind({ host: '127.0.0.1' });
    expect(cjs.isBinding(fromEsm)).toBe(true);
    expect(esm.isBinding(fromCjs)).toBe(true);
    const failed = await cjs.bind({ host: '127.0.0.1', port: fromEsm.port }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(esm.isBindError(failed)).toBe(true);
    expect(failed).toBeInstanceOf(esm.BindError);
    expect(bindError(esm)).toBeInstanceOf(cjs.BindError);
  });
});
