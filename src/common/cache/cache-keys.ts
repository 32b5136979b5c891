/** Cache keys are `{store_id}:{entity}:{id}`, e.g. `…:menu_category:all` (DESIGN §5). */
export function cacheKey(storeId: string, entity: string, id: string | number): string {
  return `${storeId}:${entity}:${id}`;
}
