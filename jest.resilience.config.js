/**
 * `npm run test:resilience`: faults made for real (a private redis-server stopped and started,
 * the app's PostgreSQL backends terminated) under load. Not part of `npm test` (see README).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS config like jest.config.js
const base = require('./jest.config');

module.exports = {
  testEnvironment: 'node',
  transform: base.transform,
  moduleFileExtensions: base.moduleFileExtensions,
  testTimeout: 120_000,
  testMatch: ['<rootDir>/test/resilience/**/*.resilience-spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
};
