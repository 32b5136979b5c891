import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { postgresErrorCode, PG_UNIQUE_VIOLATION } from '../common/errors/postgres-error';
import { MenuCategoryEntity } from './entities/menu-category.entity';

export interface CategoryChanges {
  name?: string;
  display_order?: number;
}

export type CategoryWriteResult = MenuCategoryEntity | 'not_found' | 'duplicate_name';
export type CategoryDeleteResult = 'deleted' | 'not_found' | 'has_items';

@Injectable()
export class MenuCategoriesRepository {
  constructor(
    @InjectRepository(MenuCategoryEntity)
    private readonly categories: Repository<MenuCategoryEntity>,
  ) {}

  listByStore(storeId: string): Promise<MenuCategoryEntity[]> {
    return this.categories.find({
      where: { store_id: storeId },
      order: { display_order: 'ASC', id: 'ASC' },
      comment: 'query:menu.listCategories',
    });
  }

  async insert(
    manager: EntityManager,
    storeId: string,
    changes: Required<CategoryChanges>,
  ): Promise<CategoryWriteResult> {
    return this.uniqueName(async () => {
      const rows: MenuCategoryEntity[] = await manager.query(
        `/* query:menu.insertCategory */ INSERT INTO menu_categories (store_id, name, display_order) VALUES ($1, $2, $3) RETURNING *`,
        [storeId, changes.name, changes.display_order],
      );
      return this.categories.create(rows[0]);
    });
  }

  async update(
    manager: EntityManager,
    storeId: string,
    id: number,
    changes: CategoryChanges,
  ): Promise<CategoryWriteResult> {
    return this.uniqueName(async () => {
      const rows: MenuCategoryEntity[] = await manager.query(
        `/* query:menu.updateCategory */ WITH updated AS (
           UPDATE menu_categories
              SET name = COALESCE($3, name),
                  display_order = COALESCE($4, display_order),
                  updated_at = now()
            WHERE id = $1 AND store_id = $2
        RETURNING *)
         SELECT * FROM updated`,
        [id, storeId, changes.name ?? null, changes.display_order ?? null],
      );
      return rows[0] ? this.categories.create(rows[0]) : 'not_found';
    });
  }

  /**
   * Deletes a category that has no live item, inside the caller's transaction. The row lock makes
   * a concurrent item insert into this category either finish first (then we see it and refuse)
   * or fail its foreign key.
   */
  async deleteIfEmpty(
    manager: EntityManager,
    storeId: string,
    id: number,
  ): Promise<CategoryDeleteResult> {
    const locked: unknown[] = await manager.query(
      `/* query:menu.lockCategory */ SELECT id FROM menu_categories WHERE id = $1 AND store_id = $2 FOR UPDATE`,
      [id, storeId],
    );
    if (locked.length === 0) return 'not_found';
    const live: unknown[] = await manager.query(
      `/* query:menu.categoryHasLiveItems */ SELECT 1 FROM menus WHERE category_id = $1 AND deleted_at IS NULL LIMIT 1`,
      [id],
    );
    if (live.length > 0) return 'has_items';
    await manager.query(
      `/* query:menu.deleteCategory */ DELETE FROM menu_categories WHERE id = $1`,
      [id],
    );
    return 'deleted';
  }

  private async uniqueName(
    write: () => Promise<MenuCategoryEntity | 'not_found'>,
  ): Promise<CategoryWriteResult> {
    try {
      return await write();
    } catch (error) {
      if (postgresErrorCode(error) === PG_UNIQUE_VIOLATION) return 'duplicate_name';
      throw error;
    }
  }
}
