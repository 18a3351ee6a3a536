// npm run lint runs ESLint with this configuration, lit-analyzer over the
// templates, and Prettier's check (.prettierrc.json). lit-analyzer runs in
// strict mode less two rules: no-missing-import (an element's module leaves
// defining the elements it renders to its define module, which imports
// theirs) and no-invalid-css (its CSS data predates content-visibility).
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import { configs as litA11y } from 'eslint-plugin-lit-a11y';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const elements = ['src/**/*.ts'];

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'test-output/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  { files: elements, ...lit.configs['flat/recommended'] },
  { files: elements, ...wc.configs['flat/recommended'], settings: { wc: { elementBaseClasses: ['LitElement', 'KeyyoElement'] } } },
  { files: elements, ...litA11y.recommended },
  {
    rules: {
      // What comes off the wire and the tests' doubles are `any` on purpose; strict TypeScript checks the rest.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-var': 'error',
      // A `let` read by a closure before its one assignment (the simulator's request context).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // A promise nobody awaits or catches fails silently, or as an unhandled rejection in the page.
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // chai: expect(x).to.be.true
      '@typescript-eslint/no-unused-expressions': 'off',
      // Test doubles hand their `this` to the classes they stand in for.
      '@typescript-eslint/no-this-alias': 'off',
    },
  },
  {
    // The 1.1 documentation's samples, as printed: `function (err, res)`.
    files: ['demo/public/samples.js'],
    rules: { '@typescript-eslint/no-unused-vars': ['error', { args: 'none' }] },
  },
);
