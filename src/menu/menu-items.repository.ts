import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { postgresErrorCode, PG_FOREIGN_KEY_VIOLATION } from '../database/postgres-error';
import { MenuEntity } from './entities/menu.entity';

export interface MenuItemChanges {
  category_id?: number;
  name?: string;
  description?: string;
  price?: number;
  display_order?: number;
  is_available?: boolean;
}

export type NewMenuItem = Required<MenuItemChanges>;
export type MenuItemWriteResult = MenuEntity | 'item_not_found' | 'category_not_found';

export interface ReplacedImages {
  image_path: string | null;
  thumbnail_path: string | null;
}

/** The columns a PATCH may change, in a fixed order (never interpolated from input). */
const CHANGEABLE_COLUMNS = [
  'category_id',
  'name',
  'description',
  'price',
  'display_order',
  'is_available',
] as const;

@Injectable()
export class MenuItemsRepository {
  constructor(@InjectRepository(MenuEntity) private readonly menus: Repository<MenuEntity>) {}

  /** Every live (not soft-deleted) item of the store, available or not, in menu order. */
  async listLive(storeId: string): Promise<MenuEntity[]> {
    const rows: MenuEntity[] = await this.menus.query(
      `/* query:menu.listLiveItems */ SELECT * FROM menus WHERE store_id = $1 AND deleted_at IS NULL ORDER BY display_order, id`,
      [storeId],
    );
    return rows.map((row) => this.menus.create(row));
  }

  async findLive(storeId: string, id: number): Promise<MenuEntity | null> {
    const rows: MenuEntity[] = await this.menus.query(
      `/* query:menu.findLiveItem */ SELECT * FROM menus WHERE id = $1 AND store_id = $2 AND deleted_at IS NULL`,
      [id, storeId],
    );
    return rows[0] ? this.menus.create(rows[0]) : null;
  }

  /** Inserts into a category of the same store; a foreign category counts as missing. */
  async insert(storeId: string, item: NewMenuItem): Promise<MenuItemWriteResult> {
    return this.categoryMustExist(async () => {
      const rows: MenuEntity[] = await this.menus.query(
        `/* query:menu.insertItem */ INSERT INTO menus (store_id, category_id, name, description, price, display_order, is_available)
         SELECT c.store_id, c.id, $3, $4, $5, $6, $7
           FROM menu_categories c
          WHERE c.id = $2 AND c.store_id = $1
         RETURNING *`,
        [
          storeId,
          item.category_id,
          item.name,
          item.description,
          item.price,
          item.display_order,
          item.is_available,
        ],
      );
      return rows[0] ? this.menus.create(rows[0]) : 'category_not_found';
    });
  }

  async update(
    storeId: string,
    id: number,
    changes: MenuItemChanges,
  ): Promise<MenuItemWriteResult> {
    const params: unknown[] = [id, storeId];
    const assignments = ['updated_at = now()'];
    let categoryGuard = '';
    for (const column of CHANGEABLE_COLUMNS) {
      if (changes[column] === undefined) continue;
      params.push(changes[column]);
      const placeholder = `$${params.length}`;
      assignments.push(`${column} = ${placeholder}`);
      if (column === 'category_id') {
        categoryGuard = `AND EXISTS (SELECT 1 FROM menu_categories c WHERE c.id = ${placeholder} AND c.store_id = $2)`;
      }
    }
    return this.categoryMustExist(async () => {
      const rows: MenuEntity[] = await this.menus.query(
        `/* query:menu.updateItem */ WITH updated AS (
           UPDATE menus SET ${assignments.join(', ')}
            WHERE id = $1 AND store_id = $2 AND deleted_at IS NULL ${categoryGuard}
        RETURNING *)
         SELECT * FROM updated`,
        params,
      );
      if (rows[0]) return this.menus.create(rows[0]);
      if (changes.category_id !== undefined && (await this.findLive(storeId, id))) {
        return 'category_not_found';
      }
      return 'item_not_found';
    });
  }

  /** Soft delete: the row stays for order history; false when there was no live item. */
  async softDelete(storeId: string, id: number): Promise<boolean> {
    const rows: unknown[] = await this.menus.query(
      `/* query:menu.softDeleteItem */ WITH deleted AS (
         UPDATE menus SET deleted_at = now(), updated_at = now()
          WHERE id = $1 AND store_id = $2 AND deleted_at IS NULL
      RETURNING id)
       SELECT id FROM deleted`,
      [id, storeId],
    );
    return rows.length > 0;
  }

  /** Points a live item at new image files; returns the files it pointed at before, or null. */
  async replaceImages(
    storeId: string,
    id: number,
    imagePath: string,
    thumbnailPath: string,
  ): Promise<ReplacedImages | null> {
    const rows: ReplacedImages[] = await this.menus.query(
      `/* query:menu.replaceItemImages */ WITH previous AS (
         SELECT id, image_path, thumbnail_path FROM menus
          WHERE id = $1 AND store_id = $2 AND deleted_at IS NULL
            FOR UPDATE),
       updated AS (
         UPDATE menus m SET image_path = $3, thumbnail_path = $4, updated_at = now()
           FROM previous p
          WHERE m.id = p.id
      RETURNING p.image_path, p.thumbnail_path)
       SELECT image_path, thumbnail_path FROM updated`,
      [id, storeId, imagePath, thumbnailPath],
    );
    return rows[0] ?? null;
  }

  /** A category deleted concurrently fails the foreign key: that is a missing category too. */
  private async categoryMustExist(
    write: () => Promise<MenuItemWriteResult>,
  ): Promise<MenuItemWriteResult> {
    try {
      return await write();
    } catch (error) {
      if (postgresErrorCode(error) === PG_FOREIGN_KEY_VIOLATION) return 'category_not_found';
      throw error;
    }
  }
}
