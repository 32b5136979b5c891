import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { __resetOutOfContextForTests } from 'nestjs-pino/PinoLogger';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import {
  createApp,
  createFastifyAdapter,
  initializeApp,
  nestAppOptions,
} from '../../src/bootstrap/create-app';
import { AppConfig } from '../../src/config/app-config';
import { Env } from '../../src/config/env-parsers';
import { RabbitMqService } from '../../src/infrastructure/rabbitmq/rabbitmq.service';
import { RedisService } from '../../src/infrastructure/redis/redis.service';
import { eventually } from './eventually';
import { LogCapture } from './log-capture';
import { testConfig } from './test-config';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  dataSource: DataSource;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Receives the app's JSON log lines (raise LOG_LEVEL in the overrides to get any). */
  logs?: LogCapture;
  /** Test-only controllers mounted beside the real AppModule (never part of the product). */
  controllers?: Type[];
}

async function createTestHost(
  config: AppConfig,
  options: TestAppOptions,
): Promise<NestFastifyApplication> {
  if (!options.controllers?.length) return createApp(config, { logDestination: options.logs });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(config, options.logs)],
    controllers: options.controllers,
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(
    createFastifyAdapter(config),
    nestAppOptions(config, options.logs),
  );
  return initializeApp(app, config);
}

/** Boots the real AppModule on Fastify against the real PostgreSQL, Redis and RabbitMQ. */
export async function startTestApp(
  overrides: Env = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  // nestjs-pino keeps one process-wide logger for lines written outside a request; without this
  // reset every later app of a test file would log through the first app's destination.
  __resetOutOfContextForTests();
  const config = testConfig(overrides);
  const app = await createTestHost(config, options);
  await app.getHttpAdapter().getInstance().ready();
  const dataSource = app.get<DataSource>(getDataSourceToken());
  return { app, config, dataSource, close: () => app.close() };
}

const DATA_TABLES = [
  'outbox_events',
  'staff_calls',
  'order_history',
  'order_number_counters',
  'order_items',
  'orders',
  'menu_options',
  'menu_option_groups',
  'menus',
  'menu_categories',
  'table_sessions',
  'tables',
  'users',
  'stores',
];

/**
 * SQL deleting every row of `tables` (listed children first; rows of tables that reference them
 * go with ON DELETE CASCADE) and restarting their sequences, run as one transaction. The effect
 * of `TRUNCATE ... RESTART IDENTITY CASCADE` at a fraction of the cost: TRUNCATE swaps every
 * table's files and took about 110 ms a call here, DELETE of the few rows a test leaves 2-3 ms.
 */
export function emptyTablesSql(tables: readonly string[]): string {
  const owners = tables.map((table) => `'${table}'::regclass`).join(', ');
  return [
    ...tables.map((table) => `DELETE FROM ${table};`),
    `SELECT setval(s.seqrelid, s.seqstart, false)
       FROM pg_depend d JOIN pg_sequence s ON s.seqrelid = d.objid
      WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
        AND d.deptype IN ('a', 'i') AND d.refobjid IN (${owners});`,
  ].join('\n');
}

const RESET_DATA_SQL = emptyTablesSql(DATA_TABLES);

/** Empties every data table (the schema and migration records stay) and the test Redis db. */
export async function resetData(testApp: TestApp): Promise<void> {
  await testApp.dataSource.query(RESET_DATA_SQL);
  await testApp.app
    .get(RedisService)
    .client.flushdb()
    .catch(() => undefined);
}

/** The broker connects in the background after boot; waits until it has, and fails if it never does. */
export async function waitForBroker(testApp: TestApp): Promise<void> {
  const rabbit = testApp.app.get(RabbitMqService);
  await eventually(
    () => {
      if (!rabbit.isConnected) throw new Error('the app never connected to RabbitMQ');
    },
    { timeout: 10_000 },
  );
}
