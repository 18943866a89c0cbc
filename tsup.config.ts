// One build for every package: each package's `build` script runs tsup with this file from its own
// directory, and the table below is the only place that says what each package builds.
import { readFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

const library = (entry: string[]): Options[] => [{ entry, format: ['esm', 'cjs'], dts: true }];
// Several entry points that must share one copy of their common modules (one SockError class, so
// `instanceof` holds across subpaths): code splitting, for CommonJS too.
const libraryWithSubpaths = (entry: string[]): Options[] => [
  { entry, format: ['esm', 'cjs'], dts: true, splitting: true },
];
const program = (entry: string[]): Options[] => [{ entry, format: ['esm'], dts: false }];

const packages: Record<string, Options[]> = {
  '@sock/errors': [
    ...libraryWithSubpaths(['src/index.ts', 'src/tables.ts', 'src/unstable-do-not-import.ts']),
    ...program(['src/cli.ts']),
  ],
  '@sock/resolve': libraryWithSubpaths(['src/index.ts', 'src/unstable-do-not-import.ts']),
  '@sock/bind': library(['src/index.ts']),
  // The app is private and starts often (restarts, rolling deploys, scale-out): one bundled file
  // loads faster than a module graph. pino-pretty, loaded only for pretty logs, stays outside.
  'sock-server': program(['src/main.ts']).map((config) => ({
    ...config,
    noExternal: [/^(?!pino(-pretty)?$)/],
    esbuildOptions(options) {
      options.alias = { 'thread-stream': './src/internal/no-thread-stream.cjs' };
    },
    // pino's CommonJS modules call require() for Node's built-ins, and an ES module has none.
    banner: {
      js: "import { createRequire as sockCreateRequire } from 'node:module'; const require = sockCreateRequire(import.meta.url);",
    },
  })),
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
