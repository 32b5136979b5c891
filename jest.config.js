/** Unit specs live beside the code (src/**\/*.spec.ts); integration and e2e tests in test/. */
const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      transform: { legacyDecorator: true, decoratorMetadata: true },
      parser: { syntax: 'typescript', decorators: true },
      keepClassNames: true,
      target: 'es2022',
    },
  },
];

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swcTransform },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': swcTransform },
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': swcTransform },
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
};
