import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'data-*/', 'bench/results/', 'test-results/', 'src/server/db/migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  // Application code is also linted with type information, by typescript-eslint's strict type-checked rules: floating
  // and misused promises, unsafe any, non-null assertions, needless conditions and conversions, deprecated APIs.
  // Tests are not (their HTTP answers are `any`).
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.ts', 'src/server/testing/**'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // React event props take functions returning a promise (the handlers report their own errors).
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // An async function that returns a promise without awaiting is fine (Fastify handlers, use cases).
      '@typescript-eslint/require-await': 'off',
      // Its autofix removed widening casts the compiler needs ('tms' as string | null in a useState initial value).
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // `onClick={() => setOpen(false)}` returns nothing useful, and says so plainly.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Numbers read naturally in messages (`${count} sessions`); objects, nullish values and booleans still may not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  // Tests, the test harness and the browser journeys get the same strict type-checked rules, except two: the HTTP
  // answers they read (`res.json()`) are `any` by design of light-my-request, and a `!` on a value a test just
  // asserted fails that test loudly, which is what a test should do.
  {
    files: ['src/**/*.test.ts', 'src/server/testing/**/*.ts', 'e2e/**/*.ts'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  // Formatting is Prettier's (npm run format); ESLint keeps to correctness.
  prettier,
);
