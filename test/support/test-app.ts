import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap/create-app';
import { AppConfig } from '../../src/config/app-config';
import { Env } from '../../src/config/env-parsers';
import { RedisService } from '../../src/infrastructure/redis/redis.service';
import { testConfig } from './test-config';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** Boots the real AppModule on Fastify against the real PostgreSQL, Redis and RabbitMQ. */
export async function startTestApp(overrides: Env = {}): Promise<TestApp> {
  const config = testConfig(overrides);
  const app = await createApp(config);
  await app.getHttpAdapter().getInstance().ready();
  const dataSource = app.get<DataSource>(getDataSourceToken());
  return { app, config, dataSource, close: () => app.close() };
}

const DATA_TABLES = [
  'outbox_events',
  'order_history',
  'order_number_counters',
  'order_items',
  'orders',
  'menus',
  'menu_categories',
  'table_sessions',
  'tables',
  'users',
  'stores',
];

/** Empties every data table (the schema and migration records stay) and the test Redis db. */
export async function resetData(testApp: TestApp): Promise<void> {
  await testApp.dataSource.query(`TRUNCATE ${DATA_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
  await testApp.app
    .get(RedisService)
    .client.flushdb()
    .catch(() => undefined);
}
