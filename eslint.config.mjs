// Type-aware lint for the whole workspace, run by `npm test` (scripts/bootstrap.mjs lint step).
// Rules chosen for what has bitten this codebase or its models: promises nobody awaits, long
// positional argument lists, very long functions, two styles of private fields.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '.toolchain/**',
      '**/dist/**',
      '**/build/**',
      '**/.astro/**',
      '**/.strapi/**',
      '**/.cache/**',
      '**/.tmp/**',
      'cms/types/generated/**',
      'cms/public/**',
      // .astro files are checked by `astro check` through the site's typecheck; eslint sees their TypeScript modules.
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts}'],
    languageOptions: {
      parserOptions: {
        projectService: {
          // Files no package tsconfig includes (the CMS's tests run as ES modules outside its CommonJS build).
          allowDefaultProject: [
            'vitest.config.ts',
            'publish/vitest.config.ts',
            'cms/tests/*.ts',
            'cms/src/*/*.test.ts',
            'cms/src/*/*/*.test.ts',
            'cms/config/*.test.ts',
          ],
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 40,
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // The panel's React extensions (Strapi admin).
    files: ['cms/src/admin/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['**/*.{mjs,js}'],
    languageOptions: { globals: globals.node },
  },
  {
    rules: {
      // Five positions read well (client, collection, key, values, locale); beyond that, an options object names them.
      'max-params': ['error', 5],
      // A variable a signal handler reads before the one assignment that follows it.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Routes, loaders and tests read top to bottom; beyond this a function has phases that want names.
      'max-lines-per-function': ['error', { max: 150, skipBlankLines: true, skipComments: true }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "PropertyDefinition[accessibility='private'], MethodDefinition[accessibility='private']",
          message: 'Use a #private field or method (one style of private member).',
        },
        { selector: 'TSParameterProperty[accessibility="private"]', message: 'Use a #private field assigned in the constructor.' },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Test files: a describe block holds many cases; the function-length rule does not apply to it.
    files: ['**/*.test.ts', '**/tests/**/*.ts'],
    rules: { 'max-lines-per-function': 'off' },
  },
);
