// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'dist-*/', 'node_modules/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // Prettier wraps code at 140; comments and prose are wrapped by hand to the same width.
      'max-len': ['error', { code: 140, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'webextension-polyfill', message: 'Import `browser` from src/shared/browser.ts.' }] },
      ],
    },
  },
  {
    files: ['src/shared/browser.ts', 'tests/unit/setup.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The core stays browser-free: ports come in as parameters.
    files: ['src/background/**/*.ts', 'src/shared/**/*.ts'],
    ignores: ['src/background/index.ts', 'src/background/browser-adapter.ts', 'src/shared/browser.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', 'chrome', 'browser', 'window', 'document', 'localStorage'],
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'webextension-polyfill', message: 'Core modules take ports; adapters live in browser-adapter.ts.' }],
          patterns: [{ group: ['**/shared/browser*'], message: 'Core modules take ports; adapters live in browser-adapter.ts.' }],
        },
      ],
    },
  },
  {
    // Every dashboard page loads the content script: it takes the browser's own API, not the polyfill.
    files: ['src/content/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'webextension-polyfill', message: 'The content script uses src/shared/extension-api.ts.' }],
          patterns: [
            { group: ['**/shared/browser*', '**/ui/page-stored*'], message: 'The content script uses src/shared/extension-api.ts.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
