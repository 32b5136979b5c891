import { join } from 'node:path';
import { types } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { QueryLogger, SlowQueryListener } from './query-logger';

// int8 (bigint) columns and COUNT(*) come back as JS numbers; every value we store is < 2^53.
types.setTypeParser(types.builtins.INT8, (value) => Number.parseInt(value, 10));

/** Compiled (dist/migrations/*.js) and source (migrations/*.ts, under Jest) both resolve here. */
export const MIGRATIONS_GLOB = join(__dirname, '..', '..', 'migrations', '*.{ts,js}');

/** `onSlowQuery` is told about every query slower than SLOW_QUERY_MS (the app counts them). */
export function typeOrmOptions(
  config: AppConfig,
  onSlowQuery?: SlowQueryListener,
): DataSourceOptions {
  const { database } = config;
  return {
    type: 'postgres',
    url: database.url,
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    maxQueryExecutionTime: database.slowQueryMs,
    logger: new QueryLogger(onSlowQuery),
    extra: {
      max: database.poolMax,
      connectionTimeoutMillis: database.acquireTimeoutMs,
      maxLifetimeSeconds: database.connectionLifetimeSeconds,
      idleTimeoutMillis: 30_000,
      application_name: 'table-order-api',
    },
  };
}
