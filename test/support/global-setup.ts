import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { runMigrationsLocked } from '../../src/database/run-migrations';
import { typeOrmOptions } from '../../src/database/typeorm-options';
import { testConfig } from './test-config';

/** Brings the test database to the latest schema once before the e2e suites run. */
export default async function globalSetup(): Promise<void> {
  const dataSource = await new DataSource(typeOrmOptions(testConfig())).initialize();
  try {
    await runMigrationsLocked(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
