/**
 * Cache keys are `{store_id}:{entity}:{id}`, e.g. `…:menu_category:all` (one namespace per store
 * and entity).
 */
export function cacheKey(storeId: string, entity: string, id: string | number): string {
  return `${storeId}:${entity}:${id}`;
}

/**
 * The entity name under which a store's version tokens live (`{store_id}:cache_version:{entity}`).
 */
const VERSION_ENTITY = 'cache_version';

/**
 * The version token of one (store, entity) namespace. Every invalidation in the namespace deletes
 * it; readers re-create it with a fresh random value. A value loaded under an old token is never
 * written back (stale-set guard) and an in-process copy tagged with an old token is never served.
 */
export function versionKey(storeId: string, entity: string): string {
  return cacheKey(storeId, VERSION_ENTITY, entity);
}

/**
 * The version token guarding one key: its namespace's token for `{store}:{entity}:…` keys, a
 * token of its own (`cache_version:{key}`) for keys of any other shape (e.g. `session:{id}`).
 */
export function tokenKeyOf(key: string): string {
  const namespace = namespaceOf(key);
  return namespace ? versionKey(namespace.storeId, namespace.entity) : `${VERSION_ENTITY}:${key}`;
}

/** SCAN pattern matching the own tokens of every key under a prefix of another shape. */
export function keyTokenPattern(prefix: string): string {
  return `${escapeGlob(`${VERSION_ENTITY}:${prefix}`)}*`;
}

export interface CacheNamespace {
  storeId: string;
  entity: string;
}

/** `{store}:{entity}:…` → its namespace; undefined when the key or prefix names no entity yet. */
export function namespaceOf(keyOrPrefix: string): CacheNamespace | undefined {
  const first = keyOrPrefix.indexOf(':');
  if (first <= 0) return undefined;
  const second = keyOrPrefix.indexOf(':', first + 1);
  if (second <= first + 1) return undefined;
  const entity = keyOrPrefix.slice(first + 1, second);
  if (entity === VERSION_ENTITY) return undefined;
  return { storeId: keyOrPrefix.slice(0, first), entity };
}

/** The store part of a key prefix that stops inside the entity name (`{store}:ord`), if any. */
export function storeOfPartialPrefix(prefix: string): string | undefined {
  const first = prefix.indexOf(':');
  return first > 0 && namespaceOf(prefix) === undefined ? prefix.slice(0, first) : undefined;
}

/** SCAN pattern matching every version token of one store. */
export function storeVersionPattern(storeId: string): string {
  return `${escapeGlob(cacheKey(storeId, VERSION_ENTITY, ''))}*`;
}

export function escapeGlob(value: string): string {
  return value.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}
