import { CacheService } from '../common/cache/cache.service';
import { MetricsService } from '../observability/metrics.service';

/**
 * Cache-aside read that reports `cache_requests_total{entity,result}`: a miss when this call ran
 * the loader (PostgreSQL was read), a hit otherwise (Redis answered, or a concurrent load of the
 * same key in this process was shared).
 */
export async function getOrLoadCounted<T>(
  cache: CacheService,
  metrics: MetricsService,
  entity: string,
  key: string,
  load: () => Promise<T>,
  ttlSeconds?: number,
): Promise<T> {
  let loaded = false;
  const value = await cache.getOrLoad(
    key,
    () => {
      loaded = true;
      return load();
    },
    ttlSeconds,
  );
  metrics.recordCacheLookup(entity, loaded ? 'miss' : 'hit');
  return value;
}
