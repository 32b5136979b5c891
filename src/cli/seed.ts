import 'reflect-metadata';
import { runMigrationsLocked } from '../database/run-migrations';
import { ensureSuperadmin, seedDemoData } from '../seed/seeder';
import { report, runWithDatabase } from './with-database';

/** `npm run seed`: apply migrations, then create (or keep) the demo store and the superadmin. */
runWithDatabase(async (dataSource, config) => {
  await runMigrationsLocked(dataSource);
  const logins = await seedDemoData(dataSource);
  report('demo data ready', logins);
  if (config.superadmin) {
    const outcome = await ensureSuperadmin(dataSource, config.superadmin, config.isProduction);
    report(`superadmin ${outcome}`, { username: config.superadmin.username });
  }
});
