// Holds every published library to its promises as a built package: it loads with import and
// with require(), it names every export in both, and it has no runtime dependency outside sock.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const libraries = ['errors', 'resolve', 'bind'] as const;
const dir = (name: string): string =>
  fileURLToPath(new URL(`../packages/${name}/`, import.meta.url));

const exportsOf = (name: string, how: 'import' | 'require'): string[] => {
  const load =
    how === 'import'
      ? `import('@sock/${name}').then((m) => console.log(JSON.stringify(Object.keys(m).sort())))`
      : `console.log(JSON.stringify(Object.keys(require('@sock/${name}')).sort()))`;
  const out = execFileSync(process.execPath, ['--input-type=commonjs', '-e', load], {
    cwd: dir(name),
    encoding: 'utf8',
  });
  return JSON.parse(out) as string[];
};

describe.each(libraries)('@sock/%s as built', (name) => {
  it('loads with import and with require(), with the same exports', () => {
    const esm = exportsOf(name, 'import').filter(
      (key) => key !== 'default' && key !== 'module.exports',
    );
    const cjs = exportsOf(name, 'require');
    expect(esm.length).toBeGreaterThan(0);
    expect(cjs).toEqual(esm);
  });

  it('has no runtime dependency outside @sock', () => {
    const pkg = JSON.parse(readFileSync(`${dir(name)}package.json`, 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const dep of Object.keys(pkg.dependencies ?? {})) expect(dep).toMatch(/^@sock\//);
  });
});
