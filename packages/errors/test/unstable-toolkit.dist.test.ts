import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const built = existsSync(`${root}dist/unstable-do-not-import.cjs`);

// Runs in a Node of its own, so that the built files are loaded exactly as a user's Node loads
// them (by the package's own name, through its exports map).
const run = (type: 'module' | 'commonjs', code: string): string =>
  execFileSync(process.execPath, ['--input-type', type, '-e', code], {
    cwd: root,
    encoding: 'utf8',
  }).trim();

describe.skipIf(!built)('@sock/errors/unstable-do-not-import as built', () => {
  it('shares one SockError class with the main entry under import', () => {
    const out = run(
      'module',
      `import { SockError } from '@sock/errors';
       import { validatePort } from '@sock/errors/unstable-do-not-import';
       try { validatePort(70000, 'port'); } catch (e) { console.log(e instanceof SockError, e.code); }`,
    );
    expect(out).toBe('true ERR_SOCK_INVALID_PORT');
  });

  it('shares one SockError class with the main entry under require()', () => {
    const out = run(
      'commonjs',
      `const { SockError } = require('@sock/errors');
       const { validatePort } = require('@sock/errors/unstable-do-not-import');
       try { validatePort(70000, 'port'); } catch (e) { console.log(e instanceof SockError, e.code); }`,
    );
    expect(out).toBe('true ERR_SOCK_INVALID_PORT');
  });

  it('shares one SockError class with @sock/errors/tables, under import and require()', () => {
    const check = `try { describe(null); } catch (e) { console.log(e instanceof SockError, e.code); }`;
    expect(
      run(
        'module',
        `import { SockError } from '@sock/errors';
         import { describe } from '@sock/errors/tables';
         ${check}`,
      ),
    ).toBe('true ERR_SOCK_INVALID_ARGUMENT');
    expect(
      run(
        'commonjs',
        `const { SockError } = require('@sock/errors');
         const { describe } = require('@sock/errors/tables');
         ${check}`,
      ),
    ).toBe('true ERR_SOCK_INVALID_ARGUMENT');
  });
});
