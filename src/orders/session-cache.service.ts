import { Inject, Injectable } from '@nestjs/common';
import { CacheService } from '../common/cache/cache.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { OrderResponseDto } from './dto/order-response.dto';

/**
 * `session:{id}` (docs/decisions.md, 'Session cache'): the tablet's view of its session — the
 * orders newest first, as GET /api/orders answers them — kept for SESSION_CACHE_TTL_SECONDS.
 * Tablets poll that route; with the cache a poll costs one index probe for the active session id
 * plus one Redis GET. Every write that changes the view (order placed, status changed, order
 * deleted, session ended) drops the key after its transaction commits.
 */
@Injectable()
export class SessionCacheService {
  constructor(
    private readonly cache: CacheService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  static key(sessionId: number): string {
    return `session:${sessionId}`;
  }

  ordersOf(
    sessionId: number,
    load: () => Promise<OrderResponseDto[]>,
  ): Promise<OrderResponseDto[]> {
    return this.cache.getOrLoad(
      SessionCacheService.key(sessionId),
      load,
      this.config.cache.sessionTtlSeconds,
    );
  }

  invalidate(sessionId: number): Promise<void> {
    return this.cache.invalidate(SessionCacheService.key(sessionId));
  }
}
