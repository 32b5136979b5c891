import { createServer } from 'node:net';
import { StartupFailure } from '../common/startup/startup-failure';
import { reasonOf } from '../config/unreachable';
import { AppConfig } from '../config/app-config';
import { pingPostgres, postgresDependency, withStartupRetry } from '../database/connect-with-retry';

/** `cannot listen on 0.0.0.0:8000 (PORT): address already in use` */
export function cannotListen(config: AppConfig, error: unknown): StartupFailure {
  const code = (error as { code?: string }).code;
  const variable = code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' ? 'HOST' : 'PORT';
  return new StartupFailure(
    `cannot listen on ${config.host}:${config.port} (${variable}): ${reasonOf(error)}`,
  );
}

function assertCanListen(config: AppConfig): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) => reject(cannotListen(config, error)));
    probe.listen(config.port, config.host, () => probe.close(() => resolve()));
  });
}

/**
 * What main.ts checks before building the application, so that a start-up that cannot work
 * stops with one line naming the variable and the address, before any "started" line: the
 * port can be bound, and PostgreSQL answers (retried DB_CONNECT_RETRIES times).
 */
export async function preflight(config: AppConfig): Promise<void> {
  await assertCanListen(config);
  const { url, connectRetries } = config.database;
  await withStartupRetry(postgresDependency(url), connectRetries, () => pingPostgres(url));
}
