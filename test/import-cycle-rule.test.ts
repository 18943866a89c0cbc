// The lint rule that keeps imports one-way, held to the cycles it must find and the ones it must not.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, expect, it } from 'vitest';
import sock from '../scripts/eslint/no-import-cycle.js';

const dir = mkdtempSync(join(tmpdir(), 'sock-cycle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lint(files: Record<string, string>, entry: string, allow: string[][] = []): string[] {
  const case_ = mkdtempSync(join(dir, 'case-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(case_, name), text);
  const linter = new Linter({ cwd: case_ });
  const messages = linter.verify(
    files[entry]!,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { sock },
        rules: { 'sock/no-import-cycle': ['error', { allow }] },
      },
    ],
    join(case_, entry),
  );
  return messages.map((m) => m.message);
}

describe('sock/no-import-cycle', () => {
  it('fails on a cycle of type-only imports', () => {
    const messages = lint(
      {
        'a.ts': "import type { B } from './b.js';\nexport type A = { b?: B };\n",
        'b.ts': "import type { A } from './a.js';\nexport type B = { a?: A };\n",
      },
      'a.ts',
    );
    expect(messages).toEqual([expect.stringContaining('Import cycle: a.ts -> b.ts -> a.ts.')]);
  });

  it('fails on a longer cycle through a re-export and an import() type', () => {
    const messages = lint(
      {
        'a.ts': "export { b } from './b.js';\n",
        'b.ts': "export const b = 1;\nexport type C = typeof import('./c.js');\n",
        'c.ts': "export * from './a.js';\n",
      },
      'a.ts',
    );
    expect(messages).toEqual([expect.stringContaining('a.ts -> b.ts -> c.ts -> a.ts')]);
  });

  it('passes one-way imports and an allowed group', () => {
    expect(
      lint(
        {
          'a.ts': "import { b } from './b.js';\nexport const a = b;\n",
          'b.ts': 'export const b = 1;\n',
        },
        'a.ts',
      ),
    ).toEqual([]);
    expect(
      lint(
        {
          'a.ts': "import type { B } from './b.js';\nexport type A = B;\n",
          'b.ts': "import type { A } from './a.js';\nexport type B = A | 1;\n",
        },
        'a.ts',
        [['a.ts', 'b.ts']],
      ),
    ).toEqual([]);
  });
});
