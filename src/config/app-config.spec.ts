import { loadConfig } from './app-config';
import { ConfigError } from './env-parsers';

/** Development is what `npm start` sets; the variables under test come on top. */
const loadDevelopment = (env: Record<string, string>) =>
  loadConfig({ NODE_ENV: 'development', ...env });

describe('loadConfig', () => {
  it('puts DATABASE_PASSWORD and RABBITMQ_PASSWORD into their URLs, percent-encoded', () => {
    const config = loadDevelopment({
      DATABASE_URL: 'postgres://app@db.internal:5432/table_order?sslmode=verify-full',
      DATABASE_PASSWORD: 'p@ss/word',
      RABBITMQ_URL: 'amqps://app:old@mq.internal:5671',
      RABBITMQ_PASSWORD: 'n3w:secret',
    });
    expect(config.database.url).toBe(
      'postgres://app:p%40ss%2Fword@db.internal:5432/table_order?sslmode=verify-full',
    );
    expect(config.rabbitmq.url).toBe('amqps://app:n3w%3Asecret@mq.internal:5671');
    expect(decodeURIComponent(new URL(config.database.url).password)).toBe('p@ss/word');
  });

  it('refuses a separate password for a URL without a user name', () => {
    expect(() =>
      loadDevelopment({ DATABASE_URL: 'postgres://db.internal/x', DATABASE_PASSWORD: 'secret' }),
    ).toThrow('DATABASE_URL needs a user name when DATABASE_PASSWORD is set');
  });

  it('works in development with no other variable, using the local defaults', () => {
    const config = loadDevelopment({});
    expect(config.port).toBe(8000);
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/postgres');
    expect(config.database.poolMax).toBe(60);
    expect(config.rateLimit).toEqual({
      enabled: true,
      max: 100,
      windowSeconds: 60,
      loginMax: 10,
      loginWindowSeconds: 60,
      staffCallMax: 20,
      staffCallWindowSeconds: 60,
    });
    expect(config.cache.ttlSeconds).toBe(300);
    expect(config.seedDemo).toBe(true);
    expect(config.storeTimeZone).toBe('Asia/Seoul');
  });

  it.each([
    'not a url',
    'ftp://files.example.com',
    'https://admin.example.com/',
    'http://a.example/app',
  ])('refuses %s as a CORS origin', (origin) => {
    expect(() => loadDevelopment({ CORS_ORIGINS: `http://localhost:3000,${origin}` })).toThrow(
      `Invalid configuration: CORS_ORIGINS must list origins as scheme://host[:port], got "${origin}"`,
    );
  });

  it('reads CORS_ORIGINS as origins', () => {
    expect(
      loadDevelopment({ CORS_ORIGINS: 'https://admin.example.com, http://localhost:3001' }).cors
        .origins,
    ).toEqual(['https://admin.example.com', 'http://localhost:3001']);
  });

  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be an integer, got "abc"'],
    [{ PORT: '70000' }, 'Invalid configuration: PORT must be between 0 and 65535, got 70000'],
    [
      { NODE_ENV: 'staging' },
      'Invalid configuration: NODE_ENV must be one of development, test, production, got "staging"',
    ],
    [
      { DATABASE_URL: 'mysql://x@y/z' },
      'Invalid configuration: DATABASE_URL must use postgres: or postgresql:, got "mysql:"',
    ],
    [{ REDIS_URL: 'not a url' }, 'Invalid configuration: REDIS_URL must be a valid URL'],
    [{ SEED_DEMO: 'maybe' }, 'Invalid configuration: SEED_DEMO must be true or false, got "maybe"'],
    [
      { READINESS_REQUIRED_CHECKS: 'database,cache' },
      'Invalid configuration: READINESS_REQUIRED_CHECKS must list names from database, redis, rabbitmq, got "cache"',
    ],
    [
      { STORE_TIMEZONE: 'Mars/Olympus' },
      'Invalid configuration: STORE_TIMEZONE must be an IANA time zone, got "Mars/Olympus"',
    ],
    [
      { SUPERADMIN_USERNAME: 'root' },
      'Invalid configuration: SUPERADMIN_PASSWORD is required when SUPERADMIN_USERNAME is set',
    ],
    [
      { JWT_PRIVATE_KEY_FILE: '/k.pem' },
      'Invalid configuration: JWT_PUBLIC_KEY is required when the other half of the key pair is set',
    ],
  ])('rejects %j with a message naming the variable', (env, message) => {
    expect(() => loadDevelopment(env)).toThrow(
      new ConfigError('X', '').constructor as typeof ConfigError,
    );
    expect(() => loadDevelopment(env)).toThrow(message);
  });

  it('refuses to run in production without JWT keys and has no default superadmin there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      'Invalid configuration: JWT_PRIVATE_KEY is required in production',
    );
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_PRIVATE_KEY: 'a',
      JWT_PUBLIC_KEY: 'b',
      CORS_ORIGINS: 'https://admin.example.com',
    });
    expect(config.superadmin).toBeUndefined();
    expect(config.seedDemo).toBe(false);
    expect(config.docs.enabled).toBe(false);
  });

  it('behaves as production when NODE_ENV is unset', () => {
    expect(() => loadConfig({})).toThrow('JWT_PRIVATE_KEY is required in production');
    const config = loadConfig({
      JWT_PRIVATE_KEY: 'a',
      JWT_PUBLIC_KEY: 'b',
      CORS_ORIGINS: 'https://admin.example.com',
    });
    expect(config).toMatchObject({ nodeEnv: 'production', isProduction: true, seedDemo: false });
    expect(config.superadmin).toBeUndefined();
  });

  it('refuses to run in production without CORS_ORIGINS', () => {
    expect(() => loadConfig({ JWT_PRIVATE_KEY: 'a', JWT_PUBLIC_KEY: 'b' })).toThrow(
      'Invalid configuration: CORS_ORIGINS is required in production',
    );
  });

  it('serves /docs in production only with DOCS_ENABLED, /metrics on METRICS_PORT when set', () => {
    const production = {
      JWT_PRIVATE_KEY: 'a',
      JWT_PUBLIC_KEY: 'b',
      CORS_ORIGINS: 'https://a.example',
    };
    expect(loadConfig({ ...production, DOCS_ENABLED: 'true' }).docs.enabled).toBe(true);
    expect(loadDevelopment({}).docs.enabled).toBe(true);
    expect(loadDevelopment({}).metrics.port).toBeUndefined();
    expect(loadDevelopment({ METRICS_PORT: '9464' }).metrics.port).toBe(9464);
    expect(() => loadDevelopment({ METRICS_PORT: '0' })).toThrow('METRICS_PORT must be between 1');
  });
});
