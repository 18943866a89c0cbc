// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import sock from './scripts/eslint/no-import-cycle.js';

// The layering is errors <- resolve <- bind <- apps. A package may import only the packages below
// it, only through their public entry points, and never another package's files by path.
const noDeepOrPathImports = [
  {
    group: [
      '@sock/*/*',
      '!@sock/*/package.json',
      '!@sock/*/unstable-do-not-import',
      '!@sock/errors/tables',
    ],
    message: 'Import a package by its public entry point only; `src/` and `internal/` are private.',
  },
  {
    group: ['**/packages/**', '**/apps/**', '../../*'],
    message: 'Reach another package through its name (`@sock/...`), never by path.',
  },
];
const restrict = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...noDeepOrPathImports,
          ...(forbidden.length > 0 ? [{ group: forbidden, message }] : []),
        ],
      },
    ],
  },
});
const downOnly = 'Imports only go down: errors <- resolve <- bind <- apps.';
const testsOnly = '@sock/test-helpers is for tests; library and app code never imports it.';
// A package's layer rule, and the same with @sock/test-helpers forbidden for its src/.
const layer = (dir, forbidden) => [
  restrict([`${dir}/**`], forbidden, downOnly),
  restrict([`${dir}/src/**`], [...forbidden, '@sock/test-helpers'], `${downOnly} ${testsOnly}`),
];

// Import cycles that exist today, each group to be removed by the package that owns it (delete the
// group when its cycles are gone). A cycle that leaves its group, or a new one, fails lint.
const knownCycles = [];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.turbo/**',
      'coverage/**',
      '.cache/**',
      'docs/api/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/only-throw-error': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  ...layer('packages/errors', ['@sock/*', '!@sock/test-helpers', 'sock-server']),
  ...layer('packages/resolve', ['@sock/bind', 'sock-server']),
  ...layer('packages/bind', ['sock-server']),
  ...layer('apps/*', []),
  restrict(['bench/**'], [], downOnly),
  restrict(['reliability/**'], [], downOnly),
  restrict(['examples/**'], [], downOnly),
  // The test helpers depend on nothing of sock's, so every package's tests can use them.
  restrict(
    ['tooling/**'],
    ['@sock/*', '!@sock/test-helpers', 'sock-server'],
    'The test helpers import no sock package, so that the tests of every package can use them.',
  ),
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    plugins: { sock },
    rules: { 'sock/no-import-cycle': ['error', { allow: knownCycles }] },
  },
  {
    files: ['**/test/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
