import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'eslint.config.mjs',
      // Generated from openapi.json by `npm run client:generate`.
      'clients/typescript/src/schema.ts',
      'clients/typescript/dist/**',
    ],
  },
  ...tseslint.configs.recommended,
  prettier,
  {
    // Type-checked rules: a promise is awaited, returned or handled, never dropped or handed to
    // a caller that expects a plain callback.
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.{ts,js}', 'src/**/*.spec.ts', 'src/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Plain Node scripts run without a build step (tooling, benchmarks, test preloads).
    files: ['scripts/**/*.js', 'bench/**/*.js', 'test/support/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { 'no-console': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
