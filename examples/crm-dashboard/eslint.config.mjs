// @ts-check
/**
 * Lint setup for this example when linted from the enclosing Toast Sync Companion project
 * (ESLint looks up the config nearest to each file, so the project's own type-aware config
 * does not apply here). No type information: the project's lint must pass whether or not this
 * example's node_modules are installed. A dashboard owner uses their own setup instead
 * (e.g. eslint-config-next).
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['.next/', 'node_modules/', 'next-env.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
);
