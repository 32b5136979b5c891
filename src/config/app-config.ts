import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  Env,
  readBool,
  readEnum,
  readInt,
  readList,
  readOptionalInt,
  readOptionalString,
  readOrigins,
  readString,
  readUrl,
  readUrlWithPassword,
} from './env-parsers';
import { readTrustProxy, TrustProxy } from './trust-proxy';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const DAY = 86_400;

export const HEALTH_CHECKS = ['database', 'redis', 'rabbitmq'] as const;
export type HealthCheckName = (typeof HEALTH_CHECKS)[number];

/** Typed application configuration, read once from the environment and validated at boot. */
export interface AppConfig {
  nodeEnv: NodeEnv;
  isProduction: boolean;
  port: number;
  host: string;
  trustProxy: TrustProxy;
  logLevel: LogLevel;
  database: {
    url: string;
    runMigrationsOnStart: boolean;
    poolMax: number;
    acquireTimeoutMs: number;
    connectionLifetimeSeconds: number;
    connectRetries: number;
    slowQueryMs: number;
  };
  redis: { url: string; commandTimeoutMs: number };
  rabbitmq: { url: string };
  outbox: {
    batchSize: number;
    pollIntervalMs: number;
    confirmTimeoutMs: number;
    retentionHours: number;
    pruneIntervalSeconds: number;
  };
  sse: {
    heartbeatMs: number;
    maxBufferedBytes: number;
    /** How long a stream's opening frames (snapshot, replayed events) may take to be written. */
    snapshotTimeoutMs: number;
    /** Open streams this instance accepts per principal (an admin, a table) and per store. */
    maxStreamsPerPrincipal: number;
    maxStreamsPerStore: number;
    replayLimit: number;
    ticketTtlSeconds: number;
  };
  jwt: {
    privateKey?: string;
    publicKey?: string;
    privateKeyFile?: string;
    publicKeyFile?: string;
    devKeysDir: string;
    issuer: string;
    audience: string;
    superadminTtlSeconds: number;
    adminTtlSeconds: number;
    tableTtlSeconds: number;
  };
  login: {
    maxFailures: number;
    lockSeconds: number;
    windowSeconds: number;
    accountMaxFailures: number;
    accountMinAddresses: number;
  };
  rateLimit: {
    enabled: boolean;
    max: number;
    windowSeconds: number;
    loginMax: number;
    loginWindowSeconds: number;
    staffCallMax: number;
    staffCallWindowSeconds: number;
  };
  cors: { origins: string[] };
  cache: { ttlSeconds: number; sessionTtlSeconds: number; localMaxBytes: number };
  /** `soldOutCheckIntervalMs`: longest wait between two checks for passed sold_out_until. */
  menu: { soldOutCheckIntervalMs: number };
  uploads: { dir: string; tmpDir: string; maxBytes: number; maxPixels: number };
  /** `requiredChecks`: the dependencies whose outage turns readiness (GET /health) to 503. */
  health: { checkTimeoutMs: number; requiredChecks: HealthCheckName[] };
  /** `port`: a separate internal listener for GET /metrics; the main port then has no /metrics. */
  metrics: { httpEnabled: boolean; port?: number };
  /** `enabled`: serve the OpenAPI UI and document under /docs. */
  docs: { enabled: boolean };
  /** `commit`: the source revision the image was built from (build_info's commit label). */
  build: { commit: string };
  shutdown: { drainDelaySeconds: number; timeoutSeconds: number };
  superadmin?: { username: string; password: string };
  seedDemo: boolean;
  storeTimeZone: string;
  historyRetentionDays: number;
}

function readTimeZone(env: Env, name: string, fallback: string): string {
  const zone = readString(env, name, fallback);
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new ConfigError(name, `must be an IANA time zone, got "${zone}"`);
  }
  return zone;
}

function readHealthChecks(env: Env, name: string): HealthCheckName[] {
  const names = readList(env, name, [...HEALTH_CHECKS]);
  for (const value of names) {
    if (!(HEALTH_CHECKS as readonly string[]).includes(value)) {
      throw new ConfigError(
        name,
        `must list names from ${HEALTH_CHECKS.join(', ')}, got "${value}"`,
      );
    }
  }
  return names as HealthCheckName[];
}

/** Outside production a local superadmin exists out of the box; production sets its own or none. */
export const DEV_SUPERADMIN = { username: 'superadmin', password: 'superadmin-1234' };

function readSuperadmin(env: Env, isProduction: boolean): AppConfig['superadmin'] {
  const username = readOptionalString(env, 'SUPERADMIN_USERNAME');
  const password = readOptionalString(env, 'SUPERADMIN_PASSWORD');
  if (!username && !password) return isProduction ? undefined : { ...DEV_SUPERADMIN };
  if (!username)
    throw new ConfigError('SUPERADMIN_USERNAME', 'is required when SUPERADMIN_PASSWORD is set');
  if (!password)
    throw new ConfigError('SUPERADMIN_PASSWORD', 'is required when SUPERADMIN_USERNAME is set');
  if (password.length < 8)
    throw new ConfigError('SUPERADMIN_PASSWORD', 'must be at least 8 characters');
  return { username, password };
}

/** Browser origins of the local front ends, outside production only. */
const DEV_CORS_ORIGINS = [
  'http://localhost:3000',
  'http://localhost:3001',
  'http://localhost:3002',
];

function readCorsOrigins(env: Env, isProduction: boolean): string[] {
  const origins = readOrigins(env, 'CORS_ORIGINS', isProduction ? [] : DEV_CORS_ORIGINS);
  if (isProduction && origins.length === 0) {
    throw new ConfigError(
      'CORS_ORIGINS',
      'is required in production (the comma-separated origins of the tablet, admin and superadmin front ends)',
    );
  }
  return origins;
}

function readJwt(env: Env, isProduction: boolean): AppConfig['jwt'] {
  const jwt: AppConfig['jwt'] = {
    privateKey: readOptionalString(env, 'JWT_PRIVATE_KEY'),
    publicKey: readOptionalString(env, 'JWT_PUBLIC_KEY'),
    privateKeyFile: readOptionalString(env, 'JWT_PRIVATE_KEY_FILE'),
    publicKeyFile: readOptionalString(env, 'JWT_PUBLIC_KEY_FILE'),
    devKeysDir: readString(env, 'JWT_DEV_KEYS_DIR', '.keys'),
    issuer: readString(env, 'JWT_ISSUER', 'table-order-api'),
    audience: readString(env, 'JWT_AUDIENCE', 'table-order-clients'),
    superadminTtlSeconds: readInt(env, 'JWT_SUPERADMIN_TTL_SECONDS', 3600, 60, DAY),
    adminTtlSeconds: readInt(env, 'JWT_ADMIN_TTL_SECONDS', 16 * 3600, 60, 7 * DAY),
    tableTtlSeconds: readInt(env, 'JWT_TABLE_TTL_SECONDS', 30 * DAY, 60, 365 * DAY),
  };
  const hasPrivate = Boolean(jwt.privateKey ?? jwt.privateKeyFile);
  const hasPublic = Boolean(jwt.publicKey ?? jwt.publicKeyFile);
  if (hasPrivate !== hasPublic) {
    const missing = hasPrivate ? 'JWT_PUBLIC_KEY' : 'JWT_PRIVATE_KEY';
    throw new ConfigError(missing, 'is required when the other half of the key pair is set');
  }
  if (isProduction && !hasPrivate) {
    throw new ConfigError('JWT_PRIVATE_KEY', 'is required in production (or JWT_PRIVATE_KEY_FILE)');
  }
  return jwt;
}

export function loadConfig(env: Env = process.env): AppConfig {
  // Unset means production: a forgotten variable must not bring development defaults (a known
  // superadmin password, demo data, generated keys, localhost CORS) to a deployment.
  const nodeEnv = readEnum(env, 'NODE_ENV', NODE_ENVS, 'production');
  const isProduction = nodeEnv === 'production';
  const defaultDatabase = nodeEnv === 'test' ? 'test' : 'postgres';
  return {
    nodeEnv,
    isProduction,
    port: readInt(env, 'PORT', 8000, 0, 65_535),
    host: readString(env, 'HOST', '0.0.0.0'),
    trustProxy: readTrustProxy(env, 'TRUST_PROXY'),
    logLevel: readEnum(env, 'LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'warn' : 'info'),
    database: {
      url: readUrlWithPassword(
        env,
        'DATABASE_URL',
        'DATABASE_PASSWORD',
        `postgres://postgres@127.0.0.1:5432/${defaultDatabase}`,
        ['postgres:', 'postgresql:'],
      ),
      runMigrationsOnStart: readBool(env, 'DB_MIGRATIONS_RUN', true),
      poolMax: readInt(env, 'DB_POOL_MAX', 60, 1, 1000),
      acquireTimeoutMs: readInt(env, 'DB_ACQUIRE_TIMEOUT_MS', 60_000, 100, 600_000),
      connectionLifetimeSeconds: readInt(env, 'DB_CONNECTION_LIFETIME_SECONDS', 3600, 0, 86_400),
      connectRetries: readInt(env, 'DB_CONNECT_RETRIES', 3, 0, 10),
      slowQueryMs: readInt(env, 'SLOW_QUERY_MS', 2000, 1, 600_000),
    },
    redis: {
      url: readUrl(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
      commandTimeoutMs: readInt(env, 'REDIS_COMMAND_TIMEOUT_MS', 500, 10, 60_000),
    },
    rabbitmq: {
      url: readUrlWithPassword(
        env,
        'RABBITMQ_URL',
        'RABBITMQ_PASSWORD',
        'amqp://guest:guest@127.0.0.1:5672',
        ['amqp:', 'amqps:'],
      ),
    },
    outbox: {
      batchSize: readInt(env, 'OUTBOX_BATCH_SIZE', 100, 1, 10_000),
      pollIntervalMs: readInt(env, 'OUTBOX_POLL_INTERVAL_MS', 1000, 50, 60_000),
      confirmTimeoutMs: readInt(env, 'OUTBOX_CONFIRM_TIMEOUT_MS', 5000, 100, 60_000),
      retentionHours: readInt(env, 'OUTBOX_RETENTION_HOURS', 24, 1, 24 * 365),
      pruneIntervalSeconds: readInt(env, 'OUTBOX_PRUNE_INTERVAL_SECONDS', 600, 1, DAY),
    },
    sse: {
      heartbeatMs: readInt(env, 'SSE_HEARTBEAT_MS', 15_000, 100, 300_000),
      maxBufferedBytes: readInt(env, 'SSE_MAX_BUFFERED_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
      snapshotTimeoutMs: readInt(env, 'SSE_SNAPSHOT_TIMEOUT_MS', 30_000, 100, 600_000),
      maxStreamsPerPrincipal: readInt(env, 'SSE_MAX_STREAMS_PER_PRINCIPAL', 5, 1, 10_000),
      maxStreamsPerStore: readInt(env, 'SSE_MAX_STREAMS_PER_STORE', 50, 1, 100_000),
      replayLimit: readInt(env, 'SSE_REPLAY_LIMIT', 1000, 0, 100_000),
      ticketTtlSeconds: readInt(env, 'STREAM_TICKET_TTL_SECONDS', 30, 1, 3600),
    },
    jwt: readJwt(env, isProduction),
    login: {
      maxFailures: readInt(env, 'LOGIN_MAX_FAILURES', 5, 1, 100),
      lockSeconds: readInt(env, 'LOGIN_LOCK_SECONDS', 900, 1, DAY),
      windowSeconds: readInt(env, 'LOGIN_FAILURE_WINDOW_SECONDS', 900, 1, DAY),
      accountMaxFailures: readInt(env, 'LOGIN_ACCOUNT_MAX_FAILURES', 50, 1, 100_000),
      accountMinAddresses: readInt(env, 'LOGIN_ACCOUNT_MIN_ADDRESSES', 3, 1, 1000),
    },
    rateLimit: {
      enabled: readBool(env, 'RATE_LIMIT_ENABLED', true),
      max: readInt(env, 'RATE_LIMIT_MAX', 100, 1, 10_000_000),
      windowSeconds: readInt(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
      loginMax: readInt(env, 'LOGIN_RATE_LIMIT_MAX', 10, 1, 10_000_000),
      loginWindowSeconds: readInt(env, 'LOGIN_RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
      staffCallMax: readInt(env, 'STAFF_CALL_RATE_LIMIT_MAX', 20, 1, 10_000_000),
      staffCallWindowSeconds: readInt(env, 'STAFF_CALL_RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
    },
    cors: { origins: readCorsOrigins(env, isProduction) },
    cache: {
      ttlSeconds: readInt(env, 'CACHE_TTL_SECONDS', 300, 1, DAY),
      sessionTtlSeconds: readInt(env, 'SESSION_CACHE_TTL_SECONDS', 3600, 1, DAY),
      localMaxBytes: readInt(env, 'CACHE_LOCAL_MAX_BYTES', 32 * 1024 * 1024, 0, 4 * 1024 ** 3),
    },
    menu: {
      soldOutCheckIntervalMs: readInt(env, 'MENU_SOLD_OUT_CHECK_INTERVAL_MS', 1000, 50, 60_000),
    },
    uploads: {
      dir: readString(env, 'UPLOAD_DIR', './uploads'),
      tmpDir: readString(env, 'UPLOAD_TMP_DIR', join(tmpdir(), 'table-order-api-uploads')),
      maxBytes: readInt(env, 'UPLOAD_MAX_BYTES', 5 * 1024 * 1024, 1024, 100 * 1024 * 1024),
      maxPixels: readInt(env, 'IMAGE_MAX_PIXELS', 40_000_000, 10_000, 500_000_000),
    },
    health: {
      checkTimeoutMs: readInt(env, 'HEALTH_CHECK_TIMEOUT_MS', 1500, 50, 4000),
      requiredChecks: readHealthChecks(env, 'READINESS_REQUIRED_CHECKS'),
    },
    metrics: {
      httpEnabled: readBool(env, 'HTTP_METRICS_ENABLED', true),
      port: readOptionalInt(env, 'METRICS_PORT', 1, 65_535),
    },
    docs: { enabled: readBool(env, 'DOCS_ENABLED', !isProduction) },
    build: { commit: readString(env, 'BUILD_COMMIT', 'unknown') },
    shutdown: {
      drainDelaySeconds: readInt(env, 'SHUTDOWN_DRAIN_DELAY_SECONDS', 5, 0, 300),
      timeoutSeconds: readInt(env, 'SHUTDOWN_TIMEOUT_SECONDS', 30, 0, 600),
    },
    superadmin: readSuperadmin(env, isProduction),
    seedDemo: readBool(env, 'SEED_DEMO', !isProduction),
    storeTimeZone: readTimeZone(env, 'STORE_TIMEZONE', 'Asia/Seoul'),
    historyRetentionDays: readInt(env, 'HISTORY_RETENTION_DAYS', 365, 1, 3650),
  };
}
