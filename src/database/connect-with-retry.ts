import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { StartupFailure } from '../common/startup/startup-failure';
import { Dependency, unreachable } from '../config/unreachable';
import { BackoffPolicy, backoffDelayMs } from '../infrastructure/resilience/backoff';

const logger = new Logger('database');

const STARTUP_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 10_000 };

/** The PostgreSQL of DATABASE_URL, as start-up lines name it. */
export function postgresDependency(url: string): Dependency {
  return { service: 'PostgreSQL', variable: 'DATABASE_URL', url };
}

/**
 * Runs `attempt` until it succeeds, retrying `retries` times with exponential back-off (1 s, 2 s,
 * 4 s … capped at 10 s), so a database that starts a moment after us is tolerated. Each failure
 * is one line with one counter (`cannot reach PostgreSQL at 127.0.0.1:5999 (DATABASE_URL):
 * connection refused; retry 2 of 3 in 2 s`); the last one throws a StartupFailure saying so.
 */
export async function withStartupRetry<T>(
  dependency: Dependency,
  retries: number,
  attempt: () => Promise<T>,
): Promise<T> {
  for (let failures = 0; ; failures++) {
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof StartupFailure) throw error;
      const what = unreachable(dependency, error);
      if (failures >= retries) {
        throw new StartupFailure(
          retries === 0
            ? what
            : `${what}; gave up after ${retries} ${retries === 1 ? 'retry' : 'retries'}`,
        );
      }
      const delay = backoffDelayMs(STARTUP_BACKOFF, failures);
      logger.warn(`${what}; retry ${failures + 1} of ${retries} in ${delay / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Opens one connection to DATABASE_URL and closes it: is PostgreSQL there at all? */
export async function pingPostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Initializes the DataSource, retrying as withStartupRetry does. */
export function connectWithRetry(
  options: DataSourceOptions,
  url: string,
  retries: number,
): Promise<DataSource> {
  return withStartupRetry(postgresDependency(url), retries, () =>
    new DataSource(options).initialize(),
  );
}
