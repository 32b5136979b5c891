import { Injectable } from '@nestjs/common';
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

/** What the window answers per hit; times in whole seconds, at least 1. */
export interface SlidingWindowRecord {
  /** Requests now in the window, this one included when admitted. */
  totalHits: number;
  /** Until the oldest entry leaves the window (the next slot frees). */
  timeToExpire: number;
  isBlocked: boolean;
  /** Until a refused caller is admitted again (the next slot frees). */
  timeToBlockExpire: number;
}

/**
 * The rate limiter's storage in Redis: a sliding window (not fixed buckets) evaluated by one
 * Lua script per request (EVALSHA, loaded once per connection by ioredis). Redis errors are
 * thrown to the caller, which decides to fail open.
 */
@Injectable()
export class RedisThrottlerStorage {
  private readonly instanceId = randomBytes(6).toString('hex');
  private sequence = 0;

  constructor(private readonly redis: RedisService) {
    redis.client.defineCommand('slidingWindowHit', { numberOfKeys: 1, lua: SLIDING_WINDOW_LUA });
  }

  /** `ttl` is the window in ms; a refusal lasts until a slot frees. */
  async increment(key: string, ttl: number, limit: number): Promise<SlidingWindowRecord> {
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
