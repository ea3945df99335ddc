import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The receiver (src/http) knows the queue through its intake port only: no import arrow from
// src/http to the worker side (src/worker, src/stores, the rules and actions it runs) or to the
// queue's implementation.
const receiverBoundary = {
  regex: '(^|/)(worker|stores|actions|rules|handlers|cli)/|(^|/)queue/(?!intake-port\\.js$)',
  message: 'src/http depends on src/queue/intake-port.ts only, never on the worker side or the queue implementation.',
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'reports/', '.stryker-tmp/'] },
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
    files: ['src/http/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [receiverBoundary] }] },
  },
  {
    files: ['src/http/signature.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'fastify', message: 'Signature checking is a pure module.' }], patterns: [receiverBoundary] }],
    },
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
