import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as api from '../src/tables.js';

const file = fileURLToPath(new URL('../dist/errors.json', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

describe('@sock/errors/errors.json', () => {
  it.skipIf(!existsSync(file))('holds the same tables as the module', () => {
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    // JSON drops `undefined` (a Winsock entry without a POSIX name), so compare through JSON.
    const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
    for (const key of [
      'platforms',
      'errno',
      'errnoAliases',
      'uv',
      'uvMessages',
      'eai',
      'eaiNodeCodes',
      'winsock',
      'winsockToUv',
      'sockCodes',
    ] as const)
      expect(json[key], key).toEqual(plain(api[key]));
  });

  it.skipIf(!existsSync(file))('loads through the subpath export with import and require()', () => {
    const run = (code: string, type: string): string =>
      execFileSync(process.execPath, [`--input-type=${type}`, '-e', code], {
        cwd: root,
        encoding: 'utf8',
      }).trim();
    expect(
      run(
        "import t from '@sock/errors/errors.json' with { type: 'json' }; console.log(t.winsock.WSAEADDRINUSE.number)",
        'module',
      ),
    ).toBe('10048');
    expect(
      run("console.log(require('@sock/errors/errors.json').uv.win32.EADDRINUSE)", 'commonjs'),
    ).toBe('-4091');
  });
});
