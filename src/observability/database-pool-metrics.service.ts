import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource, EntitySubscriberInterface } from 'typeorm';
import type { AfterQueryEvent } from 'typeorm/subscriber/event/QueryEvent';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { queryNameOf } from '../common/sql/query-name';
import { MetricsService } from '../common/metrics/metrics.service';

/**
 * Database metrics: active_connections and db_pool_waiting_clients from the pg pool at every
 * scrape, and db_query_duration_seconds from TypeORM's after-query event (the time TypeORM
 * measures around every statement, the same one the slow-query log uses). Failed statements
 * carry no duration and are not observed.
 */
@Injectable()
export class DatabasePoolMetrics implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    this.metrics.registerDatabasePoolCollectors(
      () => {
        const pool = this.pool();
        return pool ? pool.totalCount - pool.idleCount : 0;
      },
      () => this.pool()?.waitingCount ?? 0,
    );
    this.dataSource.subscribers.push(this.queryDurationSubscriber());
  }

  private queryDurationSubscriber(): EntitySubscriberInterface {
    const metrics = this.metrics;
    return {
      afterQuery(event: AfterQueryEvent<unknown>): void {
        if (!event.success || event.executionTime === undefined) return;
        metrics.observeDbQuery(queryNameOf(event.query), event.executionTime / 1000);
      },
    };
  }

  private pool(): Pool | undefined {
    return (this.dataSource.driver as PostgresDriver).master as Pool | undefined;
  }
}
