import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { queryNameOf } from '../common/sql/query-name';

const SQL_PREVIEW_CHARS = 300;

export type SlowQueryListener = (queryName: string, durationMs: number) => void;

/**
 * TypeORM logger: slow queries (over maxQueryExecutionTime = SLOW_QUERY_MS) become a warning
 * with the query's name and duration, and are reported to the listener (slow_queries_total).
 * Parameters are never logged (they can hold password hashes or tokens). Failed queries surface
 * as errors where they are handled, so they are not logged twice here.
 */
export class QueryLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('database');

  constructor(private readonly onSlowQuery?: SlowQueryListener) {}

  logQuerySlow(time: number, query: string): void {
    const queryName = queryNameOf(query);
    this.logger.warn(
      { query_name: queryName, duration_ms: time, sql: query.slice(0, SQL_PREVIEW_CHARS) },
      `slow query ${queryName} took ${time} ms`,
    );
    this.onSlowQuery?.(queryName, time);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }

  logQuery(): void {}

  logQueryError(): void {}

  logSchemaBuild(): void {}
}
