import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { runMigrationsLocked } from '../database/run-migrations';
import { typeOrmOptions } from '../database/typeorm-options';
import { ensureSuperadmin, seedDemoData } from '../seed/seeder';

/** `npm run seed`: apply migrations, then create (or keep) the demo store and the superadmin. */
async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = await new DataSource(typeOrmOptions(config)).initialize();
  try {
    await runMigrationsLocked(dataSource);
    const logins = await seedDemoData(dataSource);
    console.info(JSON.stringify({ message: 'demo data ready', ...logins }));
    if (config.superadmin) {
      const outcome = await ensureSuperadmin(dataSource, config.superadmin);
      console.info(
        JSON.stringify({ message: `superadmin ${outcome}`, username: config.superadmin.username }),
      );
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
