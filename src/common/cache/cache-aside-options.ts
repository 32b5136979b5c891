export const CACHE_ASIDE = 'cacheAside';

export interface CacheAsideOptions {
  /**
   * The cache namespace the response is derived from (`menu_item`, `order_history`, …): any
   * invalidation of a `{store_id}:{entity}:…` key retires the cached responses on every instance.
   */
  entity: string;
}
