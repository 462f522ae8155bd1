// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import boundaries from './scripts/eslint/boundaries.js';

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
  // Boundaries the tools hold (docs/architecture.md). Relative imports are resolved and checked against the zones
  // below (scripts/eslint/boundaries.js); package imports (node:*, express, drizzle-orm) by no-restricted-imports.
  {
    files: ['**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    plugins: { boundaries },
    rules: {
      'boundaries/no-crossing': [
        'error',
        [
          {
            from: 'shared/',
            to: ['lti-tool/', 'extension/', 'scripts/', 'test/'],
            message: 'shared/ imports nothing of ours outside shared/.',
          },
          {
            from: 'lti-tool/web/',
            to: ['lti-tool/server/', 'extension/', 'scripts/', 'test/'],
            message: 'the web app talks to the server through shared/api, never its code.',
          },
          {
            from: 'extension/',
            to: ['lti-tool/', 'scripts/', 'test/'],
            message: 'the extension talks to the server through shared/api, never its code.',
          },
          {
            from: 'lti-tool/server/',
            to: ['lti-tool/web/src/', 'extension/', 'test/'],
            message: 'the server imports neither the clients nor the tests.',
          },
          {
            // routes → services → db, one way: a route parses, calls a service and replies; it never queries.
            from: 'lti-tool/server/routes/',
            to: ['lti-tool/server/db/'],
            allowTypeImports: true,
            message: 'routes call services; services query (the Db type may pass through).',
          },
          {
            from: 'lti-tool/server/services/',
            to: [
              'lti-tool/server/http/',
              'lti-tool/server/routes/',
              'lti-tool/server/launch/',
              'lti-tool/server/jobs/',
            ],
            message: 'services sit below the HTTP layer: take an actor, raise DomainError (services/errors.ts).',
          },
          {
            // A policy decides from an actor and a subject it is handed: it reads nothing and answers nothing.
            from: 'lti-tool/server/policies/',
            to: [
              'lti-tool/server/db/',
              'lti-tool/server/http/',
              'lti-tool/server/routes/',
              'lti-tool/server/launch/',
              'lti-tool/server/jobs/',
            ],
            message: 'policies/ decide from the actor and the subject passed in; services load, routes reply.',
          },
          {
            // LTI is a library the rest calls, and the schema is below everything.
            from: 'lti-tool/server/lti/',
            to: [
              'lti-tool/server/services/',
              'lti-tool/server/routes/',
              'lti-tool/server/launch/',
              'lti-tool/server/jobs/',
            ],
            message: 'lti/ is called by the app, never the other way round.',
          },
          {
            from: 'lti-tool/server/db/',
            to: [
              'lti-tool/server/services/',
              'lti-tool/server/routes/',
              'lti-tool/server/launch/',
              'lti-tool/server/http/',
              'lti-tool/server/lti/',
            ],
            message: 'db/ is below everything.',
          },
        ],
      ],
    },
  },
  {
    // shared/ runs in browsers too: no Node globals or modules.
    files: ['shared/**/*.ts', 'lti-tool/web/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*'], message: 'Runs in browsers: no Node modules.' }] },
      ],
    },
  },
  {
    files: ['lti-tool/server/routes/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['drizzle-orm', 'drizzle-orm/*'], message: 'Routes call services; services query.' }] },
      ],
    },
  },
  {
    files: ['lti-tool/server/services/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'express', message: 'Services take an actor, never a request.' }] },
      ],
    },
  },
  {
    // Test files share worker processes: pdf.js's Node build polyfills the globals it is loaded with (JSON,
    // Array.prototype.push), slowing every later file. It runs in its own thread (test/helpers/pdf-text.ts).
    files: ['**/*.test.{ts,tsx}', 'test/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['pdfjs-dist', 'pdfjs-dist/*'],
              message: 'Read PDFs with pdfPageTexts (test/helpers/pdf-text.ts).',
            },
          ],
        },
      ],
    },
  },
);
