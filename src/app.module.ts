import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module';
import { CacheModule } from './common/cache/cache.module';
import type { DestinationStream } from 'pino';
import { AllExceptionsFilter } from './common/http/all-exceptions.filter';
import { createValidationPipe } from './common/http/validation.pipe';
import { LifecycleModule } from './common/lifecycle/lifecycle.module';
import { MetricsModule } from './common/metrics/metrics.module';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { ImageStoreModule } from './infrastructure/image-store/image-store.module';
import { RabbitMqModule } from './infrastructure/rabbitmq/rabbitmq.module';
import { RedisModule } from './infrastructure/redis/redis.module';
import { MenuModule } from './menu/menu.module';
import { loggerOptions } from './observability/logger-options';
import { ObservabilityModule } from './observability/observability.module';
import { OrdersModule } from './orders/orders.module';
import { OutboxModule } from './outbox/outbox.module';
import { ReportsModule } from './reports/reports.module';
import { SeedModule } from './seed/seed.module';
import { StaffCallsModule } from './staff-calls/staff-calls.module';
import { StoresModule } from './stores/stores.module';
import { StreamsModule } from './streams/streams.module';
import { TablesModule } from './tables/tables.module';

@Module({})
export class AppModule {
  /** `logDestination` replaces stdout for the JSON logs (tests capture them). */
  static forRoot(config: AppConfig, logDestination?: DestinationStream): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config, logDestination)),
        LifecycleModule,
        MetricsModule,
        ObservabilityModule.forRoot(config),
        DatabaseModule.forRoot(config),
        RedisModule,
        RabbitMqModule,
        ImageStoreModule,
        CacheModule,
        RateLimitModule.forRoot(config),
        AuthModule,
        OutboxModule,
        StreamsModule,
        HealthModule,
        StoresModule,
        MenuModule,
        TablesModule,
        OrdersModule,
        StaffCallsModule,
        ReportsModule,
        SeedModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
