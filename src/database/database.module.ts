import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../common/metrics/metrics.service';
import { connectWithRetry } from './connect-with-retry';
import { runMigrationsLocked } from './run-migrations';
import { typeOrmOptions } from './typeorm-options';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [MetricsService],
          useFactory: (metrics: MetricsService) => ({
            ...typeOrmOptions(config, (queryName) => metrics.recordSlowQuery(queryName)),
            // Each feature module registers its own entities (TypeOrmModule.forFeature).
            autoLoadEntities: true,
            // connectWithRetry retries and reports; TypeORM's own retry would log a second counter.
            retryAttempts: 0,
            toRetry: () => false,
          }),
          dataSourceFactory: async (options) => {
            const dataSource = await connectWithRetry(
              options as DataSourceOptions,
              config.database.url,
              config.database.connectRetries,
            );
            if (config.database.runMigrationsOnStart) await runMigrationsLocked(dataSource);
            return dataSource;
          },
        }),
      ],
    };
  }
}
