import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Result } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { RedisService } from '../../infrastructure/redis/redis.service';
import { SLIDING_WINDOW_LUA } from './sliding-window-script';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    slidingWindowHit(
      key: string,
      windowMs: number,
      limit: number,
      member: string,
    ): Result<[number, number, number], Context>;
  }
}

/** What a storage answers per hit (the library does not export its record type by name). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * @nestjs/throttler storage over Redis: a sliding window (not fixed buckets) evaluated by one
 * Lua script per request (EVALSHA, loaded once per connection by ioredis). Redis errors are
 * thrown to the caller, which decides to fail open.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly instanceId = randomBytes(6).toString('hex');
  private sequence = 0;

  constructor(private readonly redis: RedisService) {
    redis.client.defineCommand('slidingWindowHit', { numberOfKeys: 1, lua: SLIDING_WINDOW_LUA });
  }

  /** `ttl` is the window in ms; `blockDuration` is ignored: a refusal lasts until a slot frees. */
  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    this.sequence = (this.sequence + 1) % Number.MAX_SAFE_INTEGER;
    const member = `${this.instanceId}-${this.sequence}`;
    const [count, allowed, freesInMs] = await this.redis.client.slidingWindowHit(
      key,
      ttl,
      limit,
      member,
    );
    const secondsUntilSlot = Math.max(1, Math.ceil(freesInMs / 1000));
    return {
      totalHits: count,
      timeToExpire: secondsUntilSlot,
      isBlocked: allowed === 0,
      timeToBlockExpire: secondsUntilSlot,
    };
  }
}
