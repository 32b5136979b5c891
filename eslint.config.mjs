import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// docs/decisions.md, "Persistence: the entities describe every table": SQL on a table runs in the
// owning feature's repository, SQL on no table in src/database, and each statement starts with
// its `/* query:<module>.<name> */` comment (what the slow-query metric labels it by).
const SQL_NAME = '/^\\s*\\/\\*\\s*query:/';
const UNNAMED_SQL = [
  {
    selector: `CallExpression[callee.property.name='query'][arguments.0.type='TemplateLiteral'][arguments.0.quasis.0.value.raw!=${SQL_NAME}]`,
    message: 'Name the statement: start it with a /* query:<module>.<name> */ comment.',
  },
  {
    selector: `CallExpression[callee.property.name='query'][arguments.0.type='Literal'][arguments.0.value!=${SQL_NAME}]`,
    message: 'Name the statement: start it with a /* query:<module>.<name> */ comment.',
  },
];
const SQL_OUTSIDE_REPOSITORY = {
  selector: 'CallExpression[callee.property.name=/^(query|createQueryBuilder|createQueryRunner)$/]',
  message:
    'SQL runs in a *.repository.ts of the module that owns the table (SQL on no table: src/database/).',
};

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
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts'],
    rules: { 'no-restricted-syntax': ['error', ...UNNAMED_SQL] },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.repository.ts', 'src/database/**', 'src/**/*.spec.ts'],
    rules: { 'no-restricted-syntax': ['error', ...UNNAMED_SQL, SQL_OUTSIDE_REPOSITORY] },
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
