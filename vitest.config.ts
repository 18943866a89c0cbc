import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// Tests run against each package's source, so a test never sees a stale or half-written dist/.
// The tests that prove the built packages load with import and require() read dist/ on purpose.
const alias = [
  { find: /^@sock\/errors\/tables$/, replacement: src('./packages/errors/src/tables.ts') },
  {
    find: /^@sock\/errors\/unstable-do-not-import$/,
    replacement: src('./packages/errors/src/unstable-do-not-import.ts'),
  },
  { find: /^@sock\/errors$/, replacement: src('./packages/errors/src/index.ts') },
  {
    find: /^@sock\/resolve\/unstable-do-not-import$/,
    replacement: src('./packages/resolve/src/unstable-do-not-import.ts'),
  },
  { find: /^@sock\/resolve$/, replacement: src('./packages/resolve/src/index.ts') },
  { find: /^@sock\/bind$/, replacement: src('./packages/bind/src/index.ts') },
  { find: /^@sock\/test-helpers$/, replacement: src('./tooling/test-helpers/src/index.ts') },
];

const project = (name: string, root: string) => ({
  extends: true as const,
  test: { name, root, include: ['test/**/*.test.ts'] },
});

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      project('repo', '.'),
      project('errors', './packages/errors'),
      project('resolve', './packages/resolve'),
      project('bind', './packages/bind'),
      project('example-server', './apps/example-server'),
      project('test-helpers', './tooling/test-helpers'),
      {
        extends: true as const,
        test: { name: 'examples', root: './examples', include: ['*/*.test.ts'] },
      },
    ],
    // Type tests: `test/**/*.test-d.ts` of every project are checked by tsc with the project's
    // tsconfig.json (expectTypeOf/assertType), in the same run as the other tests.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default', './scripts/vitest-summary.ts'],
  },
});
