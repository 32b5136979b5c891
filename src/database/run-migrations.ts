import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

const MIGRATION_LOCK_KEY = 7_310_042;
const logger = new Logger('database');

/**
 * Runs `work` while holding the PostgreSQL advisory lock of schema changes, so instances starting
 * at once and an operator's migrate command never change the schema concurrently.
 */
async function withMigrationLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('/* query:migrations.lock */ SELECT pg_advisory_lock($1)', [
      MIGRATION_LOCK_KEY,
    ]);
    return await work();
  } finally {
    await lockRunner
      .query('/* query:migrations.unlock */ SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await lockRunner.release();
  }
}

/** Applies pending migrations under the lock; each applies exactly once across instances. */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  return withMigrationLock(dataSource, async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) logger.log(`migration applied: ${migration.name}`);
    return applied.map((migration) => migration.name);
  });
}

/** Reverts the most recently applied migration under the lock; its name, or null when none. */
export async function revertLastMigrationLocked(dataSource: DataSource): Promise<string | null> {
  return withMigrationLock(dataSource, async () => {
    const [last] = await appliedMigrationNames(dataSource, 1);
    if (!last) return null;
    await dataSource.undoLastMigration({ transaction: 'each' });
    return last;
  });
}

/**
 * Applied migrations, newest first (all of them unless `limit`), from TypeORM's own bookkeeping
 * table, which no entity describes.
 */
export async function appliedMigrationNames(
  dataSource: DataSource,
  limit?: number,
): Promise<string[]> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const exists = await dataSource.query<{ present: boolean }[]>(
    '/* query:migrations.tableExists */ SELECT to_regclass($1) IS NOT NULL AS present',
    [table],
  );
  if (!exists[0]?.present) return [];
  const rows = await dataSource.query<{ name: string }[]>(
    `/* query:migrations.applied */ SELECT name FROM "${table}" ORDER BY id DESC${limit ? ` LIMIT ${Number(limit)}` : ''}`,
  );
  return rows.map((row) => row.name);
}
