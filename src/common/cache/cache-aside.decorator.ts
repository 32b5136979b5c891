import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { CacheAsideInterceptor } from './cache-aside.interceptor';
import { CACHE_ASIDE, CacheAsideOptions } from './cache-aside-options';

/**
 * Caches a GET route's serialized response in process, per caller store, role and URL,
 * validated on each request against the namespace's version token in Redis (one GET).
 * Only for routes whose answer depends on nothing else than those and the namespace's data (or
 * also on the clock: then the handler marks its answer with `freshUntil`, and the copy is not
 * served from that instant on); failures are never cached. The interceptor is bound only where
 * this decorator is used, so other routes pay nothing for it.
 */
export const CacheAside = (options: CacheAsideOptions): MethodDecorator =>
  applyDecorators(SetMetadata(CACHE_ASIDE, options), UseInterceptors(CacheAsideInterceptor));
