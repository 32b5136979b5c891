import { Injectable } from '@nestjs/common';
import type { Result } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { RedisService } from '../../infrastructure/redis/redis.service';
import { SLIDING_WINDOW_LEASE_LUA, SLIDING_WINDOW_LUA } from './sliding-window-script';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    slidingWindowHit(
      key: string,
      windowMs: number,
      limit: number,
      member: string,
    ): Result<[number, number, number], Context>;
    slidingWindowLease(
      key: string,
      windowMs: number,
      limit: number,
      ...memberSuffixes: string[]
    ): Result<[number, number, number, number], Context>;
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

/** What the window answers to a lease of several slots. */
export interface SlidingWindowLease {
  /** The limit minus the entries in the window before the lease. */
  remainingBefore: number;
  /** The members of the slots reserved (entries now in the window), none when refused. */
  members: string[];
  /** Until the oldest entry leaves the window, in ms. */
  freesInMs: number;
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
    redis.client.defineCommand('slidingWindowLease', {
      numberOfKeys: 1,
      lua: SLIDING_WINDOW_LEASE_LUA,
    });
  }

  /** `ttl` is the window in ms; a refusal lasts until a slot frees. */
  async increment(key: string, ttl: number, limit: number): Promise<SlidingWindowRecord> {
    const member = this.nextMemberSuffix();
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

  /** Reserves up to `wanted` slots (fewer near the limit, none when it is reached). */
  async lease(
    key: string,
    windowMs: number,
    limit: number,
    wanted: number,
  ): Promise<SlidingWindowLease> {
    const suffixes = Array.from({ length: wanted }, () => this.nextMemberSuffix());
    const [count, granted, freesInMs, nowMs] = await this.redis.client.slidingWindowLease(
      key,
      windowMs,
      limit,
      ...suffixes,
    );
    return {
      remainingBefore: limit - count,
      members: suffixes.slice(0, granted).map((suffix) => `${nowMs}-${suffix}`),
      freesInMs,
    };
  }

  /** Gives reserved slots that were not spent back to the window. */
  async giveBack(key: string, members: string[]): Promise<void> {
    await this.redis.client.zrem(key, ...members);
  }

  private nextMemberSuffix(): string {
    this.sequence = (this.sequence + 1) % Number.MAX_SAFE_INTEGER;
    return `${this.instanceId}-${this.sequence}`;
  }
}
