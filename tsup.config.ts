// One build for every package: each package's `build` script runs tsup with this file from its own
// directory, and the table below is the only place that says what each package builds.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';
import { codeCacheFor } from './apps/example-server/src/code-cache.js';

const library = (entry: string[]): Options[] => [{ entry, format: ['esm', 'cjs'], dts: true }];
// Several entry points that must share one copy of their common modules (one SockError class, so
// `instanceof` holds across subpaths): code splitting, for CommonJS too.
const libraryWithSubpaths = (entry: string[]): Options[] => [
  { entry, format: ['esm', 'cjs'], dts: true, splitting: true },
];
// The libraries' entry points in source, for the app's bundle (as vitest.config.ts maps them).
const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const sources: Record<string, string> = {
  '@sock/errors/tables': source('./packages/errors/src/tables.ts'),
  '@sock/errors/unstable-do-not-import': source('./packages/errors/src/unstable-do-not-import.ts'),
  '@sock/errors': source('./packages/errors/src/index.ts'),
  '@sock/resolve/unstable-do-not-import': source(
    './packages/resolve/src/unstable-do-not-import.ts',
  ),
  '@sock/resolve': source('./packages/resolve/src/index.ts'),
  '@sock/bind': source('./packages/bind/src/index.ts'),
};
const program = (entry: string[]): Options[] => [{ entry, format: ['esm'], dts: false }];
// sock-server's files: CommonJS named .js (its dist/package.json says `"type": "commonjs"`).
const app = (entry: Record<string, string>): Options => ({
  entry,
  format: ['cjs'],
  dts: false,
  outExtension: () => ({ js: '.js' }),
});

const packages: Record<string, Options[]> = {
  '@sock/errors': [
    ...libraryWithSubpaths(['src/index.ts', 'src/tables.ts', 'src/unstable-do-not-import.ts']),
    ...program(['src/cli.ts']),
  ],
  '@sock/resolve': libraryWithSubpaths(['src/index.ts', 'src/unstable-do-not-import.ts']),
  '@sock/bind': library(['src/index.ts']),
  // The app is private and starts often (restarts, rolling deploys, scale-out): the program is
  // one bundled file, dist/program.js, which loads faster than a module graph. pino and
  // pino-pretty, loaded only for pretty logs, stay outside. The libraries are bundled from their
  // sources, one copy each. The files are CommonJS: on Node 20, an ES module's `import` of a
  // built-in module builds a facade that reads every one of its exports, and so loads what lazy
  // getters keep off the path of `require()` (`dns.promises`, `net.BlockList`, node:crypto's
  // webcrypto); dist/package.json says so. The command, dist/main.js, runs the program from V8's
  // code cache, written beside it once it is built (apps/example-server/src/code-cache.ts).
  'sock-server': [
    app({ main: 'src/main.ts' }),
    {
      ...app({ program: 'src/program.ts' }),
      noExternal: [/^(?!pino(-pretty)?$)/],
      esbuildOptions: (options) => {
        options.alias = sources;
        // import('pino') and the like become require(): code-cache.ts runs the program.
        options.supported = { ...options.supported, 'dynamic-import': false };
      },
      onSuccess: async () => {
        await writeFile(
          'dist/package.json',
          `${JSON.stringify({ type: 'commonjs', private: true }, null, 2)}\n`,
        );
        await writeFile('dist/program.js.cache', codeCacheFor(resolve('dist/program.js')));
      },
    },
  ],
};

export default defineConfig(() => {
  const { name } = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string };
  const configs = packages[name];
  if (configs === undefined) throw new Error(`tsup.config.ts has no entry for package ${name}`);
  return configs.map((config, index) => ({
    target: 'node20',
    platform: 'node',
    sourcemap: true,
    splitting: false,
    treeshake: true,
    // Only the first config of a package cleans dist/, so later ones do not erase its output.
    clean: index === 0,
    outDir: 'dist',
    ...config,
  }));
});
