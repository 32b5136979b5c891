import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import pino from 'pino';
import { createApp } from './bootstrap/create-app';
import { preflight } from './bootstrap/preflight';
import { serve } from './bootstrap/serve';
import { StartupFailure } from './common/startup/startup-failure';
import { AppConfig, loadConfig } from './config/app-config';
import { loadDotEnv } from './config/dotenv';
import { ConfigError } from './config/env-parsers';
import { jsonLineOptions } from './observability/logger-options';
import { startupLogger } from './observability/startup-logger';

/** Exit code of a configuration error (sysexits' EX_CONFIG); any other failed start exits 1. */
const EXIT_CONFIG = 78;

/**
 * Lines written before LOG_LEVEL is known: the same JSON shape as every other line. Written
 * synchronously: with pino's default asynchronous stdout, the flush at process.exit could put a
 * fatal line ahead of an info line whose write was still in flight.
 */
const bootLog = pino(jsonLineOptions('info'), pino.destination({ dest: 1, sync: true })).child({
  module: 'bootstrap',
});

function readConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      bootLog.fatal(error.message);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  if (loadDotEnv()) bootLog.info('read .env (variables set in the environment win)');
  const config = readConfigOrExit();
  Logger.overrideLogger(startupLogger(config));
  await preflight(config);
  const app = await createApp(config);
  await serve(app, config);
}

main().catch((error: unknown) => {
  if (error instanceof StartupFailure) bootLog.fatal(error.message);
  else bootLog.fatal({ err: error }, 'start-up failed');
  process.exit(error instanceof StartupFailure ? error.exitCode : 1);
});
