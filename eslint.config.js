// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '**/dist/', 'data/', 'coverage/', 'lti-tool/server/db/migrations/meta/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  // Boundaries the tools hold (docs/architecture.md): relative imports that climb into another side are refused.
  {
    // shared/ is imported by the server, the web app and the extension: no Node globals there, nothing of theirs.
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'shared/ runs in browsers too: no Node modules.' },
            {
              regex: '^(\\.\\./)+(lti-tool|extension|scripts|test)(/|$)',
              message: 'shared/ imports nothing of ours outside shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['lti-tool/web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'The web app runs in the browser: no Node modules.' },
            {
              regex: '^(\\.\\./)+(server|extension)(/|$)',
              message: 'The web app talks to the server through shared/api, never its code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['extension/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+lti-tool(/|$)',
              message: 'The extension talks to the server through shared/api, never its code.',
            },
          ],
        },
      ],
    },
  },
  {
    // routes → services → db, one way: a route parses, calls a service and replies; it never queries.
    files: ['lti-tool/server/routes/**/*.ts'],
    // The completions router still translates database errors itself until its queries move into services.
    ignores: ['**/*.test.ts', 'lti-tool/server/routes/completions/index.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['drizzle-orm', 'drizzle-orm/*'], message: 'Routes call services; services query.' },
            {
              regex: '^(\\.\\./)+db/',
              allowTypeImports: true,
              message: 'Routes call services; services query (the Db type may pass through).',
            },
          ],
        },
      ],
    },
  },
  {
    // Services know nothing of HTTP: they take a db handle and an actor, and raise DomainError.
    files: ['lti-tool/server/services/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'express', message: 'Services take an actor, never a request.' }],
          patterns: [
            {
              regex: '^(\\.\\./)+(http|routes|launch|jobs|demo)/',
              message: 'Services sit below the HTTP layer: raise DomainError (services/errors.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // LTI is a library the rest calls, and the schema is below everything.
    files: ['lti-tool/server/lti/**/*.ts', 'lti-tool/server/db/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(services|routes|launch|jobs|demo)/',
              message: 'lti/ and db/ are called by the app, never the other way round.',
            },
          ],
        },
      ],
    },
  },
);
