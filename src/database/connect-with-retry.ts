import { Logger } from '@nestjs/common';
import { DataSource, DataSourceOptions } from 'typeorm';

const logger = new Logger('database');

export function backoffDelayMs(attempt: number): number {
  return Math.min(1000 * 2 ** attempt, 10_000);
}

/**
 * Initializes the DataSource, retrying `retries` times with exponential back-off
 * (1 s, 2 s, 4 s … capped at 10 s) so a database that starts a moment after us is tolerated.
 */
export async function connectWithRetry(
  options: DataSourceOptions,
  retries: number,
): Promise<DataSource> {
  for (let attempt = 0; ; attempt++) {
    const dataSource = new DataSource(options);
    try {
      return await dataSource.initialize();
    } catch (error) {
      if (attempt >= retries) throw error;
      const delay = backoffDelayMs(attempt);
      logger.warn(
        `database connection failed (${(error as Error).message}); retry ${attempt + 1}/${retries} in ${delay} ms`,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
