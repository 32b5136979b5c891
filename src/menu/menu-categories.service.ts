import { Injectable } from '@nestjs/common';
import { AppException } from '../common/errors/app.exception';
import {
  CategoryChanges,
  CategoryWriteResult,
  MenuCategoriesRepository,
} from './menu-categories.repository';
import { MenuCategoryEntity } from './entities/menu-category.entity';
import { MenuWrites } from './menu-writes.service';

/** Category writes of a store admin, each announced (menu.changed) and uncached by MenuWrites. */
@Injectable()
export class MenuCategoriesService {
  constructor(
    private readonly categories: MenuCategoriesRepository,
    private readonly writes: MenuWrites,
  ) {}

  create(storeId: string, name: string, displayOrder = 0): Promise<MenuCategoryEntity> {
    return this.writes.write(storeId, async (manager) => {
      const result = await this.categories.insert(manager, storeId, {
        name,
        display_order: displayOrder,
      });
      return changed(orThrow(result, name));
    });
  }

  update(storeId: string, id: number, changes: CategoryChanges): Promise<MenuCategoryEntity> {
    return this.writes.write(storeId, async (manager) =>
      changed(orThrow(await this.categories.update(manager, storeId, id, changes), changes.name)),
    );
  }

  /** Refused (409) while the category holds live items. */
  async remove(storeId: string, id: number): Promise<void> {
    await this.writes.write(storeId, async (manager) => {
      const result = await this.categories.deleteIfEmpty(manager, storeId, id);
      if (result === 'not_found') throw AppException.notFound('Menu category');
      if (result === 'has_items') {
        throw AppException.conflict('The category still has menu items; move or delete them first');
      }
      return { value: undefined, changed: { entity: 'menu_category', ids: [id] } };
    });
  }
}

function changed(category: MenuCategoryEntity) {
  return {
    value: category,
    changed: { entity: 'menu_category' as const, ids: [category.id] },
  };
}

function orThrow(result: CategoryWriteResult, name: string | undefined): MenuCategoryEntity {
  if (result === 'not_found') throw AppException.notFound('Menu category');
  if (result === 'duplicate_name') {
    throw AppException.conflict(`A category named "${name}" already exists`);
  }
  return result;
}
