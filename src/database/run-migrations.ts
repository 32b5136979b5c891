import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

const MIGRATION_LOCK_KEY = 7_310_042;
const logger = new Logger('database');

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so several instances starting at
 * once apply each migration exactly once.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<void> {
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) logger.log(`migration applied: ${migration.name}`);
  } finally {
    await lockRunner
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await lockRunner.release();
  }
}
