// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import { defineConfig } from 'eslint/config';

const uiLibraries = [
  'react',
  'react-dom',
  'react/*',
  'react-dom/*',
  'astro',
  'astro:*',
  'cytoscape',
  '@codemirror/*',
  'codemirror',
];

export default defineConfig(
  {
    ignores: ['dist/', '.astro/', 'node_modules/', 'test-results/', 'playwright-report/', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    files: ['src/components/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  ...astro.configs.recommended,
  {
    // Astro files and plain JS config files are not part of the type-checked project.
    files: ['**/*.astro', '**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The wall around the engine: it is pure TypeScript, importable from the CLI, the build and the browser.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: uiLibraries, message: 'src/engine must stay free of UI and framework code.' },
            {
              group: ['**/components/**', '**/pages/**', '**/layouts/**', '**/mdx/**', '**/cli/**'],
              message: 'src/engine imports only its own files.',
            },
            { group: ['node:*'], message: 'src/engine runs in the browser too: no Node built-ins.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'sessionStorage', 'navigator'],
    },
  },
  {
    // UI code reaches the engine only through its one public entry point.
    files: [
      'src/components/**/*.{ts,tsx}',
      'src/pages/**/*',
      'src/mdx/**/*',
      'src/layouts/**/*',
      'src/cli/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`engine/(?!index\.ts$)`,
              message: 'Import the engine through src/engine/index.ts only.',
            },
          ],
        },
      ],
    },
  },
  {
    // The differential oracle must stay independent of the engine it checks: loaders and types only.
    // `paths.ts` is the other side: it lists the engine's own ways of answering, so it may reach them.
    files: ['tests/oracle/**/*.ts'],
    ignores: ['tests/oracle/paths.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`src/engine/(?!index\.ts$)`,
              message: 'The oracle reaches the engine only through src/engine/index.ts (loaders and types).',
            },
          ],
        },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
