import { AppConfig, loadConfig } from '../../src/config/app-config';
import { Env } from '../../src/config/env-parsers';

const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The superadmin every test app ensures at boot. */
export const TEST_SUPERADMIN = { username: 'root-admin', password: 'root-admin-password' };

/** The database every test uses: TEST_DATABASE_URL, else DATABASE_URL, else the local `test`. */
export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
  const name = new URL(url).pathname.replace(/^\//, '');
  if (!name.includes('test')) {
    throw new Error(
      `Refusing to run tests against database "${name}": its name must contain "test"`,
    );
  }
  return url;
}

export function testRedisUrl(): string {
  return process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
}

export function testRabbitMqUrl(): string {
  return process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
}

/** Config for a test app: quiet logs, the test database, and any per-test overrides. */
export function testConfig(overrides: Env = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REDIS_URL: testRedisUrl(),
    RABBITMQ_URL: testRabbitMqUrl(),
    JWT_DEV_KEYS_DIR: '.keys/test',
    SEED_DEMO: 'false',
    SUPERADMIN_USERNAME: TEST_SUPERADMIN.username,
    SUPERADMIN_PASSWORD: TEST_SUPERADMIN.password,
    // Suites log in and call far more often than a person would; the rate-limit suite sets small limits.
    RATE_LIMIT_MAX: '1000000',
    LOGIN_RATE_LIMIT_MAX: '1000000',
    ...overrides,
    DATABASE_URL: overrides.DATABASE_URL ?? testDatabaseUrl(),
  });
}

/**
 * Environment of the built app (dist/src/main.js) run as a child process against the test
 * services: info logs on stdout, no drain delay and a 20 s shutdown budget, on a port from
 * testListenPort(); `overrides` last.
 */
export function builtAppEnv(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(testListenPort()),
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL: testRedisUrl(),
    RABBITMQ_URL: testRabbitMqUrl(),
    JWT_DEV_KEYS_DIR: '.keys/test',
    SEED_DEMO: 'false',
    SUPERADMIN_USERNAME: TEST_SUPERADMIN.username,
    SUPERADMIN_PASSWORD: TEST_SUPERADMIN.password,
    LOGIN_RATE_LIMIT_MAX: '1000',
    LOG_LEVEL: 'info',
    SHUTDOWN_DRAIN_DELAY_SECONDS: '0',
    SHUTDOWN_TIMEOUT_SECONDS: '20',
    ...overrides,
  };
}

let portsHandedOut = 0;

/**
 * Port for a server a test starts: 0 (any free port) unless TEST_PORT_BASE confines tests to
 * a block of 100 ports (for engineers sharing one machine).
 */
export function testListenPort(): number {
  const base = process.env.TEST_PORT_BASE;
  if (!base) return 0;
  return Number(base) + (portsHandedOut++ % 100);
}
