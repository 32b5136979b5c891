import { Logger } from '@nestjs/common';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '../config/app-config';
import { loadDotEnv } from '../config/dotenv';
import { ConfigError } from '../config/env-parsers';
import { typeOrmOptions } from '../database/typeorm-options';
import { jsonLineOptions } from '../observability/logger-options';
import { startupLogger } from '../observability/startup-logger';

/** Exit code of a configuration error, as for the service (sysexits' EX_CONFIG). */
const EXIT_CONFIG = 78;

/**
 * Every line of a command is written synchronously: process.exit may follow at once, and with
 * pino's asynchronous stdout Nest's lines ("migration applied: …") could land after the command's
 * own closing line (seen on a loaded machine), which scripts read as the last line.
 */
const stdout = pino.destination({ dest: 1, sync: true });

/**
 * The command's own lines: what it did (always, whatever LOG_LEVEL says) or why it failed. The
 * service's JSON line shape, so a one-off ECS task's output in CloudWatch reads like the
 * service's.
 */
const commandLog = pino(jsonLineOptions('info'), stdout).child({ module: 'cli' });

/**
 * Runs one operating command (dist/src/cli/*.js) against the configured database: reads `.env`
 * when present (the environment wins, as for `npm start`), reads and validates the config,
 * connects, runs `work`, disconnects. Nest's loggers (e.g. "migration applied") write the
 * service's JSON lines at LOG_LEVEL. A failure is one `fatal` line and a non-zero exit (78 for
 * a configuration error, else 1). Needs only the compiled output and production packages.
 */
export function runWithDatabase(
  work: (dataSource: DataSource, config: AppConfig) => Promise<void>,
): void {
  const main = async (): Promise<void> => {
    loadDotEnv();
    const config = loadConfig();
    Logger.overrideLogger(startupLogger(config, stdout));
    const dataSource = await new DataSource(typeOrmOptions(config)).initialize();
    try {
      await work(dataSource, config);
    } finally {
      await dataSource.destroy();
    }
  };
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      commandLog.fatal(error.message);
      process.exit(EXIT_CONFIG);
    }
    commandLog.fatal({ err: error }, error instanceof Error ? error.message : 'command failed');
    process.exit(1);
  });
}

/** One JSON line on stdout saying what the command did (for logs and scripts). */
export function report(message: string, fields: object = {}): void {
  commandLog.info(fields, message);
}
