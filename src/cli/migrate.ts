import 'reflect-metadata';
import {
  appliedMigrationNames,
  revertLastMigrationLocked,
  runMigrationsLocked,
} from '../database/run-migrations';
import { report, runWithDatabase } from './with-database';

const USAGE = 'usage: node dist/src/cli/migrate.js up | down | status';

/**
 * `npm run migration:run` (up), `migration:revert` (down: the last applied one) and
 * `migration:status`, from the compiled output: what runs at start (DB_MIGRATIONS_RUN), under the
 * same advisory lock, for a release step or a one-off ECS task.
 */
const command = process.argv[2];
if (command !== 'up' && command !== 'down' && command !== 'status') {
  console.error(USAGE);
  process.exit(64);
}

runWithDatabase(async (dataSource) => {
  if (command === 'up') {
    const applied = await runMigrationsLocked(dataSource);
    report('migrations applied', { applied });
  } else if (command === 'down') {
    const reverted = await revertLastMigrationLocked(dataSource);
    report(reverted ? 'migration reverted' : 'no migration to revert', { reverted });
  } else {
    const applied = await appliedMigrationNames(dataSource);
    const known = dataSource.migrations.map((m) => m.name ?? m.constructor.name);
    const pending = known.filter((name) => !applied.includes(name));
    report('migration status', { applied: applied.length, pending });
  }
});
