import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { MetricsService } from './metrics.service';

/** Feeds active_connections and db_pool_waiting_clients from the pg pool at every scrape. */
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
  }

  private pool(): Pool | undefined {
    return (this.dataSource.driver as PostgresDriver).master as Pool | undefined;
  }
}
