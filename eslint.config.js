// Lint: typescript-eslint recommended, plus the layer rules from docs/CONVENTIONS.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const layer = (files, patterns, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: patterns.map((p) => ({ group: [p], message })) }],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'coverage/**', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // Progressive-enhancement scripts shipped to the browser.
    files: ['src/web/assets/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  layer(
    ['src/core/**/*.ts'],
    ['**/db/**', '**/services/**', '**/http/**', '**/web/**', '**/cli/**', '**/jobs/**', 'kysely', 'fastify', 'node:fs', 'node:fs/*', 'fs', 'node:net', 'node:http', 'node:https', 'node:child_process', 'pg', 'better-sqlite3'],
    'src/core is pure: no I/O and no imports from outer layers.',
  ),
  layer(
    ['src/services/**/*.ts', 'src/jobs/**/*.ts', 'src/http/**/*.ts', 'src/web/**/*.ts', 'src/cli/**/*.ts', 'src/core/**/*.ts'],
    ['kysely', 'kysely/*'],
    'Kysely lives only in src/db.',
  ),
  layer(
    ['src/db/**/*.ts'],
    ['**/services/**', '**/http/**', '**/web/**', '**/cli/**', '**/jobs/**'],
    'src/db depends only on core.',
  ),
  layer(
    ['src/services/**/*.ts'],
    ['**/http/**', '**/web/**', '**/cli/**', 'fastify'],
    'Services never know about transports.',
  ),
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Inject a fetcher.' }, { name: 'process', message: 'Core reads no environment.' }],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Inject the clock (now: Date).' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Inject the clock.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Inject randomness.' },
      ],
    },
  },
);
