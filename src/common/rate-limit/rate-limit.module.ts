import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { BudgetLeases } from './budget-leases.service';
import { RedisThrottlerStorage } from './redis-throttler-storage.service';
import { RequestRateLimiter } from './request-rate-limiter.service';

/**
 * Global rate limiting (see docs/decisions.md, 'Rate limits are keyed by principal, one budget
 * across all routes'): the RequestRateLimiter the auth guard counts every request with before it
 * decides, so floods of missing or forged tokens are limited per IP too. RATE_LIMIT_ENABLED=false leaves it out
 * entirely (benchmarks measure its cost that way).
 */
@Module({})
export class RateLimitModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.rateLimit.enabled) return { module: RateLimitModule };
    return {
      module: RateLimitModule,
      global: true,
      providers: [RedisThrottlerStorage, BudgetLeases, RequestRateLimiter],
      exports: [RequestRateLimiter],
    };
  }
}
