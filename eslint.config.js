// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The layering is errors <- resolve <- bind <- apps. A package may import only the packages below
// it, only through their public entry points, and never another package's files by path.
const noDeepOrPathImports = [
  {
    group: ['@sock/*/*', '!@sock/*/package.json'],
    message: 'Import a package by its public entry point only; `src/` and `internal/` are private.',
  },
  {
    group: ['**/packages/**', '**/apps/**', '../../*'],
    message: 'Reach another package through its name (`@sock/...`), never by path.',
  },
];
const layer = (files, forbidden) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...noDeepOrPathImports,
          ...(forbidden.length > 0
            ? [
                {
                  group: forbidden,
                  message: 'Imports only go down: errors <- resolve <- bind <- apps.',
                },
              ]
            : []),
        ],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', 'coverage/**', 'docs/api/**'] },
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
  layer(['packages/errors/**'], ['@sock/*', 'sock-server']),
  layer(['packages/resolve/**'], ['@sock/bind', 'sock-server']),
  layer(['packages/bind/**'], ['sock-server']),
  layer(['apps/**', 'bench/**', 'examples/**'], []),
  {
    files: ['**/test/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
