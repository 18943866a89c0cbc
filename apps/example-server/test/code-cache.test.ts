import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { version } from '../src/cli.js';
import { built, mainJs, notBuiltMessage } from './helpers/server-process.js';

const dist = dirname(mainJs);
const scratch = mkdtempSync(join(tmpdir(), 'sock-code-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the built command in a directory of its own, with `cache` as its code cache. */
function copyWith(name: string, cache: Buffer | undefined): string {
  const dir = join(scratch, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  for (const file of ['main.js', 'program.js', 'package.json']) {
    copyFileSync(join(dist, file), join(dir, file));
  }
  if (cache !== undefined) writeFileSync(join(dir, 'program.js.cache'), cache);
  return join(dir, 'main.js');
}

describe.skipIf(!built)(`the command's code cache (${built ? 'built' : notBuiltMessage})`, () => {
  it('is written by the build beside the program', () => {
    expect(existsSync(join(dist, 'program.js.cache'))).toBe(true);
    expect(statSync(join(dist, 'program.js.cache')).size).toBeGreaterThan(0);
  });

  it.each([
    ['no cache', undefined],
    ['a cache V8 rejects', Buffer.from('not a code cache')],
  ] as const)('leaves the program as it was with %s', (name, cache) => {
    const main = copyWith(name.replaceAll(' ', '-'), cache);
    const result = spawnSync(process.execPath, [main, '--version'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`sock-server ${version}\n`);
    expect(result.status).toBe(0);
  });
});
