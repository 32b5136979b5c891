import { Injectable } from '@nestjs/common';
import { Role } from '../common/http/principal';
import { CacheService } from '../common/cache/cache.service';
import { freshUntil } from '../common/cache/fresh-until';
import { AppException } from '../common/errors/app.exception';
import { MenuCategoryResponseDto } from './dto/menu-category.dto';
import { MenuItemResponseDto } from './dto/menu-item.dto';
import { categoriesKey, itemKey, itemsKey } from './menu-cache-keys';
import { MenuCategoriesRepository } from './menu-categories.repository';
import { isOrderableAt, nextSoldOutEnd } from './menu-item';
import { MenuItemsRepository } from './menu-items.repository';

/**
 * Tables see only items they can order now (available, and not sold out until a later time:
 * judged at each read, so a cached menu never keeps an item sold out past its time); the
 * store's admins see every live item.
 */
function visibleTo(role: Role, item: MenuItemResponseDto, now: number): boolean {
  return role === 'store_admin' || isOrderableAt(item, now);
}

/**
 * Menu reads, cache-aside. Redis holds the admin view per store (categories, all live items,
 * single items); the table view and the category filter are derived in memory, so a write
 * invalidates a handful of exact keys.
 */
@Injectable()
export class MenuQueryService {
  constructor(
    private readonly cache: CacheService,
    private readonly categories: MenuCategoriesRepository,
    private readonly items: MenuItemsRepository,
  ) {}

  listCategories(storeId: string): Promise<MenuCategoryResponseDto[]> {
    return this.cache.getOrLoad(categoriesKey(storeId), async () =>
      (await this.categories.listByStore(storeId)).map(MenuCategoryResponseDto.from),
    );
  }

  async listItems(
    storeId: string,
    role: Role,
    categoryId: number | undefined,
  ): Promise<MenuItemResponseDto[]> {
    const [items, categories] = await Promise.all([
      this.cache.getOrLoad(itemsKey(storeId), async () =>
        (await this.items.listLive(storeId)).map(MenuItemResponseDto.from),
      ),
      categoryId === undefined ? undefined : this.listCategories(storeId),
    ]);
    if (categories && !categories.some((category) => category.id === categoryId)) {
      throw AppException.notFound('Menu category');
    }
    const now = Date.now();
    const visible = items.filter(
      (item) =>
        visibleTo(role, item, now) && (categoryId === undefined || item.category_id === categoryId),
    );
    // A table's list changes by itself when a sold_out_until passes: its in-process copy must not
    // be served from then on (the release, a moment later, would retire it too late).
    return role === 'store_admin' ? visible : freshUntil(visible, nextSoldOutEnd(items, now));
  }

  async getItem(storeId: string, role: Role, id: number): Promise<MenuItemResponseDto> {
    const item = await this.cache.getOrLoad(itemKey(storeId, id), async () => {
      const found = await this.items.findLive(storeId, id);
      return found ? MenuItemResponseDto.from(found) : null;
    });
    if (!item || !visibleTo(role, item, Date.now())) throw AppException.notFound('Menu item');
    return item;
  }
}
