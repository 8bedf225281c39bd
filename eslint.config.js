// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import noImportCycles from './eslint-rules/no-import-cycles.js';

/** Packages and built-ins that only the I/O edge may touch. */
const ioModules = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'pg',
  '@electric-sql/pglite*',
  'jiti',
  'commander',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/.work/**', '**/.retort/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        performance: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The core is pure: no I/O, no process, no drivers. Dependencies point inward only.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ioModules,
              message: 'src/core is pure: do I/O in src/database, src/project or src/cli.',
            },
            {
              group: ['**/database/**', '**/project/**', '**/commands/**', '**/cli/**'],
              message: 'src/core must not depend on outer layers.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer'],
    },
  },
  {
    files: ['src/database/**/*.ts', 'src/project/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/commands/**', '**/cli/**'],
              message: 'Inner layers must not import commands or the CLI.',
            },
          ],
        },
      ],
    },
  },
  {
    // The engine runs below the verbs: it may not reach up into commands or the CLI.
    files: ['src/runner/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/commands/**', '**/cli/**'],
              message: 'src/runner must not import commands or the CLI.',
            },
          ],
        },
      ],
    },
  },
  {
    // The parser step depends on the pure core only.
    files: ['src/parser/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../database/*',
                '../project/*',
                '../runner/*',
                '../commands/*',
                '../cli/*',
                'node:*',
              ],
              message: 'src/parser may import src/core (and libpg-query) only.',
            },
          ],
        },
      ],
    },
  },
  {
    // No import cycles anywhere in src (a local rule: see eslint-rules/no-import-cycles.js).
    files: ['src/**/*.ts'],
    plugins: { local: { rules: { 'no-import-cycles': noImportCycles } } },
    rules: { 'local/no-import-cycles': 'error' },
  },
  {
    files: ['src/commands/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/cli/**'],
              message: 'Commands return results; only src/cli renders them.',
            },
          ],
        },
      ],
    },
  },
);
