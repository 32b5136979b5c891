import { cacheKey } from '../common/cache/cache-keys';

/** Cache namespaces of the menu (keys are `{store_id}:{entity}:{id}`). */
export const MENU_CATEGORY = 'menu_category';
export const MENU_ITEM = 'menu_item';

/** The store's categories, in menu order. */
export const categoriesKey = (storeId: string): string => cacheKey(storeId, MENU_CATEGORY, 'all');

/** The store's live items as the admin sees them; table and category views are derived from it. */
export const itemsKey = (storeId: string): string => cacheKey(storeId, MENU_ITEM, 'all');

/** One live item as the admin sees it (`null` cached for an id with no live item). */
export const itemKey = (storeId: string, id: number): string => cacheKey(storeId, MENU_ITEM, id);
