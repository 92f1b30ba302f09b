// ESLint catches what tsc cannot (floating promises, unused bindings, Lit template mistakes); Prettier
// owns the layout, so no rule here is about formatting. `npm run lint` runs it, and so does `npm test`.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      '**/coverage/',
      '**/test-results/',
      '**/.data/',
      'packages/sdk/src/generated/',
      'packages/elements/custom-elements.json',
      // Declarations for other frameworks' type checkers, generated from custom-elements.json.
      'packages/elements/types/',
      // A user's files, type-checked by scripts/packing.test.ts against the packed packages.
      'scripts/packing/',
      'examples/drop-in/hearth-elements*.js',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Each file is checked against the tsconfig that owns it; the few files no tsconfig includes
        // (root configs, the elements' Node-side tests) get the base options.
        projectService: {
          allowDefaultProject: ['*.config.ts', 'packages/elements/test/*.test.ts'],
          defaultProject: 'tsconfig.base.json',
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // An async function with no `await` is how this code meets an async interface with synchronous work
      // (Storage over better-sqlite3, msw handlers, test fakes): a throw still becomes a rejection.
      '@typescript-eslint/require-await': 'off',
      // A leading underscore marks a binding kept on purpose: Express knows an error handler by its four
      // parameters, and a rest pattern drops a key by naming it.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // The scripts and tool configs are plain JavaScript run by Node: no types to check them with.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', module: 'writable' },
    },
  },
  {
    // The drop-in page's script runs in the browser.
    files: ['examples/drop-in/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['packages/elements/src/**/*.ts'],
    extends: [lit.configs['flat/recommended'], wc.configs['flat/recommended']],
    // The wc rules look only at subclasses of HTMLElement unless told which other classes are elements.
    settings: { wc: { elementBaseClasses: ['LitElement', 'ChatElement'] } },
    rules: {
      // Lit calls a template's event listeners with the element as `this` (`@click=${this.onClick}`).
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['packages/elements/src/**/*.test.ts'],
    rules: {
      // @open-wc/testing 4 types `expect` through a default import of chai that @types/chai 5 no longer
      // has, so chai's assertions are untyped in the browser tests: every `expect(…).to…` would be flagged.
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
