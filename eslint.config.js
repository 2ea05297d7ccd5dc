import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'examples/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // the core runs in browsers too: Node's modules and globals only in src/node/ and src/cli/
    files: ['src/**/*.ts'],
    ignores: ['src/node/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', 'zlib', 'os', 'url', 'util', 'worker_threads', 'child_process'], message: 'the core is browser-safe: Node APIs belong in src/node/' }] }],
      'no-restricted-globals': ['error', { name: 'Buffer', message: 'use Uint8Array (the core runs in browsers)' }, { name: 'process', message: 'the core runs in browsers: pass it in from src/node/ or src/cli/' }],
    },
  },
  {
    files: ['bin/**/*.js', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
