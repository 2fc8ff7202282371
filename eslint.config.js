import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '**/dist/', 'reports/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['src/**/*.ts', 'demo/**/*.ts', 'test/browser/**/*.ts'],
    languageOptions: { globals: globals.browser },
    plugins: { lit, wc },
    rules: {
      ...lit.configs.recommended.rules,
      ...wc.configs.recommended.rules,
      ...wc.configs['best-practice'].rules,
    },
  },
  {
    files: ['dev-tenant/**/*.ts', 'proxy/**/*.ts', 'scripts/**/*.{ts,mjs}', 'test/node/**/*.ts', 'test/browser/support/*.mjs', '*.config.{js,mjs,ts}'],
    languageOptions: { globals: globals.node },
  },
  // Three rooms with one-way doors (STYLE.md): the browser library, the token proxy and the dev tenant meet
  // only over HTTP; the proxy's tests may start a dev tenant, through its package's declared exports.
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^@tpe-elements/|(^|/)(proxy/src|dev-tenant)(/|$)', message: 'The browser library reaches the proxy and the dev tenant over HTTP only.' },
            { group: ['node:*', 'fastify', '@fastify/*', '@azure/identity', '@azure/communication-identity', 'jose'], message: 'Server code has no place in the browser library.' },
            { regex: '^\\.\\./(\\.\\./)*(demo|test|scripts)/', message: 'The library never imports its demo, tests or scripts.' },
          ],
        },
      ],
    },
  },
  {
    // Elements render; controllers use the adapters. An element may name an adapter's types, never run it.
    files: ['src/elements/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@azure/*',
                '../calling/call-agent-session*',
                '../calling/calling-sdk*',
                '../calling/load-calling-sdk*',
                '../auth/*',
                '../proxy/*',
                '../graph/*',
                '../acs/*',
                '../tabs/*',
                '../simulator/*',
                '../consent/admin-consent-*',
                '../consent/acs-tokens*',
                '../consent/shared-sign-in*',
              ],
              allowTypeImports: true,
              message: 'Elements import adapters’ types only: let a controller call the adapter.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['proxy/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^@tpe-elements/|(^|/)dev-tenant/|^\\.\\./\\.\\./\\.\\./src/|^lit(/|$)', message: 'The proxy never imports the dev tenant or the browser library.' }] }],
    },
  },
  {
    files: ['dev-tenant/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^@tpe-elements/|(^|/)proxy/|^\\.\\./\\.\\./\\.\\./src/|^lit(/|$)', message: 'The dev tenant never imports the proxy or the browser library.' }] }],
    },
  },
  {
    files: ['proxy/test/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^\\..*/dev-tenant/', message: "Start a dev tenant through @tpe-elements/dev-tenant's exports, not its files." }] }],
    },
  },
  {
    // Command-line entry points talk to the person who started them.
    files: ['dev-tenant/src/main.ts', 'scripts/**/*.{ts,mjs}'],
    rules: { 'no-console': 'off' },
  },
);
