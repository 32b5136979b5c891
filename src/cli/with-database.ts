import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '../config/app-config';
import { typeOrmOptions } from '../database/typeorm-options';

/**
 * Runs one operating command (dist/src/cli/*.js) against the configured database: reads and
 * validates the config, connects, runs `work`, disconnects. A failure prints one line on stderr
 * and exits 1. Needs only the compiled output and production packages.
 */
export function runWithDatabase(
  work: (dataSource: DataSource, config: AppConfig) => Promise<void>,
): void {
  const main = async (): Promise<void> => {
    const config = loadConfig();
    const dataSource = await new DataSource(typeOrmOptions(config)).initialize();
    try {
      await work(dataSource, config);
    } finally {
      await dataSource.destroy();
    }
  };
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

/** Prints one JSON line on stdout (what the command did, for logs and scripts). */
export function report(fields: Record<string, unknown>): void {
  console.info(JSON.stringify(fields));
}
