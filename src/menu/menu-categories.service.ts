import { Injectable } from '@nestjs/common';
import { CacheService } from '../common/cache/cache.service';
import { AppException } from '../common/errors/app.exception';
import {
  CategoryChanges,
  CategoryWriteResult,
  MenuCategoriesRepository,
} from './menu-categories.repository';
import { MenuCategoryEntity } from './entities/menu-category.entity';
import { categoriesKey, itemsKey } from './menu-cache-keys';

/** Category writes of a store admin; each one drops the cached views it changes once committed. */
@Injectable()
export class MenuCategoriesService {
  constructor(
    private readonly categories: MenuCategoriesRepository,
    private readonly cache: CacheService,
  ) {}

  async create(storeId: string, name: string, displayOrder = 0): Promise<MenuCategoryEntity> {
    const result = await this.categories.insert(storeId, { name, display_order: displayOrder });
    const category = this.orThrow(result, name);
    await this.cache.invalidate(categoriesKey(storeId));
    return category;
  }

  async update(storeId: string, id: number, changes: CategoryChanges): Promise<MenuCategoryEntity> {
    const category = this.orThrow(await this.categories.update(storeId, id, changes), changes.name);
    await this.cache.invalidate(categoriesKey(storeId));
    return category;
  }

  /**
   * Refused (409) while the category holds live items. Item views are dropped too: a
   * `?category_id=` filter on a deleted category must answer 404, not an empty list.
   */
  async remove(storeId: string, id: number): Promise<void> {
    const result = await this.categories.deleteIfEmpty(storeId, id);
    if (result === 'not_found') throw AppException.notFound('Menu category');
    if (result === 'has_items') {
      throw AppException.conflict('The category still has menu items; move or delete them first');
    }
    await this.cache.invalidate(categoriesKey(storeId), itemsKey(storeId));
  }

  private orThrow(result: CategoryWriteResult, name: string | undefined): MenuCategoryEntity {
    if (result === 'not_found') throw AppException.notFound('Menu category');
    if (result === 'duplicate_name') {
      throw AppException.conflict(`A category named "${name}" already exists`);
    }
    return result;
  }
}
