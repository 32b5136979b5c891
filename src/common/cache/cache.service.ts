import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { RedisService } from '../../infrastructure/redis/redis.service';

const SCAN_BATCH = 500;

/**
 * Cache-aside over Redis. Reads never fail because of Redis: when it is down or slow the loader
 * answers from PostgreSQL (one warning per outage). Concurrent misses of one key in this process
 * share one load (single flight).
 */
@Injectable()
export class CacheService {
  private readonly logger = new Logger('cache');
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private redisFailing = false;

  constructor(
    private readonly redis: RedisService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async getOrLoad<T>(
    key: string,
    load: () => Promise<T>,
    ttlSeconds = this.config.cache.ttlSeconds,
  ): Promise<T> {
    const cached = await this.read(key);
    if (cached !== undefined) return JSON.parse(cached) as T;

    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<T>;

    const loading = load()
      .then(async (value) => {
        await this.write(key, JSON.stringify(value), ttlSeconds);
        return value;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, loading);
    return loading;
  }

  /** Drops exact keys; call after the write's transaction committed. */
  async invalidate(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.guard(() => this.redis.client.unlink(...keys));
  }

  /** Drops every key under a prefix with SCAN (never KEYS); for key families like one table's history pages. */
  async invalidatePrefix(prefix: string): Promise<void> {
    await this.guard(async () => {
      let cursor = '0';
      do {
        const [next, keys] = await this.redis.client.scan(
          cursor,
          'MATCH',
          `${escapeGlob(prefix)}*`,
          'COUNT',
          SCAN_BATCH,
        );
        if (keys.length > 0) await this.redis.client.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    });
  }

  private read(key: string): Promise<string | undefined> {
    return this.guard(async () => (await this.redis.client.get(key)) ?? undefined);
  }

  private async write(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.guard(() => this.redis.client.set(key, value, 'EX', ttlSeconds));
  }

  /** Runs a Redis call; on failure logs once per outage and yields undefined. */
  private async guard<T>(call: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await call();
      if (this.redisFailing) {
        this.redisFailing = false;
        this.logger.log('redis cache available again');
      }
      return result;
    } catch (error) {
      if (!this.redisFailing) {
        this.redisFailing = true;
        this.logger.warn(
          `redis cache unavailable, serving from PostgreSQL: ${(error as Error).message}`,
        );
      }
      return undefined;
    }
  }
}

function escapeGlob(value: string): string {
  return value.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}
