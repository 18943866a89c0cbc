// What a published package carries besides its code: where it comes from, its licence, and a
// command that `npx <package>` can find.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const read = (path: string): string => readFileSync(`${root}${path}`, 'utf8');

interface Manifest {
  name: string;
  private?: boolean;
  author?: string;
  repository?: { type: string; url: string; directory: string };
  homepage?: string;
  bugs?: { url: string };
  keywords?: string[];
  files?: string[];
  bin?: Record<string, string>;
}

const packageDirs = [
  'packages/errors',
  'packages/resolve',
  'packages/bind',
  'apps/example-server',
  'bench',
  ...readdirSync(`${root}examples`, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `examples/${entry.name}`),
];
const manifest = (dir: string): Manifest => JSON.parse(read(`${dir}/package.json`)) as Manifest;
const libraries = ['packages/errors', 'packages/resolve', 'packages/bind'];

describe('package metadata', () => {
  it.each(packageDirs)('%s says where it comes from and where to report bugs', (dir) => {
    const pkg = manifest(dir);
    expect(pkg.repository).toEqual({
      type: 'git',
      url: 'git+https://github.com/sock-dev/sock.git',
      directory: dir,
    });
    expect(pkg.homepage).toBe(`https://github.com/sock-dev/sock/tree/main/${dir}#readme`);
    expect(pkg.bugs).toEqual({ url: 'https://github.com/sock-dev/sock/issues' });
    expect(pkg.keywords?.length).toBeGreaterThan(0);
    expect(pkg.author).toBeTruthy();
  });

  it.each(libraries)('%s ships the MIT licence of the repository', (dir) => {
    expect(manifest(dir).files).toContain('LICENSE');
    expect(read(`${dir}/LICENSE`)).toBe(read('LICENSE'));
    expect(read('LICENSE')).toMatch(/^MIT License\n/);
  });

  it('every library has a changeset, so its first release writes a CHANGELOG.md', () => {
    const changesets = readdirSync(`${root}.changeset`)
      .filter((file) => file.endsWith('.md') && file !== 'README.md')
      .map((file) => read(`.changeset/${file}`));
    for (const dir of libraries) {
      const { name } = manifest(dir);
      expect(changesets.some((text) => text.includes(`'${name}': `))).toBe(true);
    }
  });

  it('`npx @sock/errors` finds sock-errno: the package has exactly one command', () => {
    // npm exec runs the bin named like the package's unscoped name, else the only bin.
    const bin = manifest('packages/errors').bin ?? {};
    expect(Object.keys(bin)).toEqual(['sock-errno']);
    expect(existsSync(`${root}packages/errors/${bin['sock-errno']}`)).toBe(true);
  });
});
