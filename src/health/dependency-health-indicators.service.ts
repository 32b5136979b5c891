import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { withTimeout } from '../common/with-timeout';
import { AppConfig, HEALTH_CHECKS, HealthCheckName } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { pingDatabase } from '../database/database-ping';
import { RabbitMqService } from '../infrastructure/rabbitmq/rabbitmq.service';
import { RedisService } from '../infrastructure/redis/redis.service';

export const DEPENDENCIES = HEALTH_CHECKS;
export type Dependency = HealthCheckName;

/** One bounded probe per dependency, reported through terminus' indicator sessions. */
@Injectable()
export class DependencyHealthIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisService,
    private readonly rabbitMq: RabbitMqService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  all(): Promise<HealthIndicatorResult>[] {
    return [
      this.probe('database', () => pingDatabase(this.dataSource)),
      this.probe('redis', () => this.redis.ping()),
      this.probe('rabbitmq', async () => {
        if (!this.rabbitMq.isConnected) throw new Error('not connected');
      }),
    ];
  }

  private async probe(
    key: Dependency,
    check: () => Promise<unknown>,
  ): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(key);
    try {
      await withTimeout(check(), this.config.health.checkTimeoutMs, `${key} check`);
      return session.up();
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }
}
