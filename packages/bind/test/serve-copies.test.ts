import { existsSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

import type * as Index from '../src/index.js';

type Api = typeof Index;

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
// A dist/ built before Binding had its serve() method cannot take part; `pnpm build` refreshes it.
const built =
  existsSync(`${dist}index.js`) &&
  existsSync(`${dist}index.cjs`) &&
  readFileSync(`${dist}index.js`, 'utf8').includes('serve() was already called');

describe('serve() across copies of @sock/bind', () => {
  it.skipIf(!built)(
    'the CJS build serves a Binding from the ESM build, and the reverse',
    async () => {
      const esm = (await import(pathToFileURL(`${dist}index.js`).href)) as Api;
      const cjs = createRequire(import.meta.url)(`${dist}index.cjs`) as Api;
      expect(esm.serve).not.toBe(cjs.serve);
      for (const [made, served] of [
        [esm, cjs],
        [cjs, esm],
      ] as const) {
        const binding = await made.bind({ host: '127.0.0.1' });
        const server = served.serve((_req, res) => res.end('across'), binding);
        expect(server).toBeInstanceOf(http.Server);
        const res = await fetch(`http://127.0.0.1:${binding.port}/`);
        expect(await res.text()).toBe('across');
        await binding.close({ timeout: 600_000 });
      }
    },
  );
});
