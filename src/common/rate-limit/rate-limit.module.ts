import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { ThrottlerModule, ThrottlerModuleOptions } from '@nestjs/throttler';
import { AppConfig } from '../../config/app-config';
import { RedisService } from '../../infrastructure/redis/redis.service';
import { isLoginRateLimited, isStaffCallRateLimited } from './rate-limit.decorator';
import { ipTracker, RateLimitGuard } from './rate-limit.guard';
import { RedisThrottlerStorage } from './redis-throttler-storage.service';

function throttlerOptions(
  config: AppConfig,
  redis: RedisService,
  reflector: Reflector,
): ThrottlerModuleOptions {
  const { max, windowSeconds, loginMax, loginWindowSeconds, staffCallMax, staffCallWindowSeconds } =
    config.rateLimit;
  return {
    storage: new RedisThrottlerStorage(redis),
    throttlers: [
      {
        name: 'default',
        limit: max,
        ttl: windowSeconds * 1000,
        skipIf: (context) => isLoginRateLimited(reflector, context),
      },
      {
        name: 'login',
        limit: loginMax,
        ttl: loginWindowSeconds * 1000,
        getTracker: (request) => ipTracker(request as Parameters<typeof ipTracker>[0]),
        skipIf: (context) => !isLoginRateLimited(reflector, context),
      },
      {
        // Keyed like the general limit: the calling table's principal.
        name: 'staff_call',
        limit: staffCallMax,
        ttl: staffCallWindowSeconds * 1000,
        skipIf: (context) => !isStaffCallRateLimited(reflector, context),
      },
    ],
  };
}

/**
 * Global rate limiting (see docs/decisions.md, 'Rate limits are keyed by principal, one budget
 * across all routes'). Imported before the auth module so its guard runs first:
 * floods of bad tokens are limited per IP too. RATE_LIMIT_ENABLED=false leaves the guard out
 * entirely (benchmarks measure its cost that way). `principals` is the module that provides the
 * BearerPrincipalReader (the auth module; common does not import it).
 */
@Module({})
export class RateLimitModule {
  static forRoot(config: AppConfig, principals: Type<unknown>): DynamicModule {
    if (!config.rateLimit.enabled) return { module: RateLimitModule };
    return {
      module: RateLimitModule,
      imports: [
        principals,
        ThrottlerModule.forRootAsync({
          inject: [RedisService, Reflector],
          useFactory: (redis: RedisService, reflector: Reflector) =>
            throttlerOptions(config, redis, reflector),
        }),
      ],
      providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
    };
  }
}
