/**
 * `npm run test:resilience`: faults made for real under load (a private redis-server and a
 * private RabbitMQ node killed and started again, the app's PostgreSQL backends terminated,
 * SIGTERM to one built-app instance behind HAProxy). Not part of `npm test` (see README).
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
