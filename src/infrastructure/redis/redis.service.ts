import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { unreachable } from '../../config/unreachable';
import { APP_CONFIG } from '../../config/config.module';
import { OutageReport } from '../resilience/outage-report';

/**
 * The one ioredis client of the process. Commands fail fast (no offline queue, bounded
 * timeout) so callers can fall back to PostgreSQL or fail open while Redis is away.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  private readonly logger = new Logger('redis');
  readonly client: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = new Redis(config.redis.url, {
      enableAutoPipelining: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: config.redis.commandTimeoutMs,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    const dependency = { service: 'Redis', variable: 'REDIS_URL', url: config.redis.url };
    const outage = new OutageReport(this.logger, {
      unavailable: (error) => `${unreachable(dependency, error)}; reconnecting`,
      available: 'redis connection restored',
    });
    this.client.on('error', (error: Error) => outage.failed(error));
    this.client.on('ready', () => outage.succeeded());
  }

  get isReady(): boolean {
    return this.client.status === 'ready';
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.isReady) await this.client.quit().catch(() => undefined);
    this.client.disconnect();
  }
}
