import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: globals.node } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read the environment in src/config only.' }],
    },
  },
  {
    files: ['src/config/**', 'test/**', 'bench/**', 'scripts/**', 'deploy/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['src/handlers/**', 'src/rules/**', 'src/actions/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        ...['bullmq', 'fastify'].map((name) => ({ name, message: 'Handlers are plain async functions: no queue or HTTP framework here.' })),
      ],
    },
  },
  {
    files: ['src/http/signature.ts'],
    rules: { 'no-restricted-imports': ['error', { name: 'fastify', message: 'Signature checking is a pure module.' }] },
  },
  {
    files: ['test/**'],
    rules: {
      // Tests read untyped JSON answers.
      '@typescript-eslint/no-explicit-any': 'off',
      'no-control-regex': 'off',
      'no-restricted-properties': ['error', { object: 'it', property: 'skip' }, { object: 'describe', property: 'skip' }, { object: 'it', property: 'only' }, { object: 'describe', property: 'only' }],
    },
  },
);
