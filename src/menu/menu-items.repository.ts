import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { postgresErrorCode, PG_FOREIGN_KEY_VIOLATION } from '../common/errors/postgres-error';
import { MenuEntity } from './entities/menu.entity';
import { MenuItem, MenuOptionGroupView } from './menu-item';
import { OPTION_GROUPS_JSON } from './option-groups-sql';

export interface MenuItemChanges {
  category_id?: number;
  name?: string;
  description?: string;
  price?: number;
  display_order?: number;
  is_available?: boolean;
  /** null clears it. */
  sold_out_until?: Date | null;
}

export type NewMenuItem = Required<Omit<MenuItemChanges, 'sold_out_until'>> &
  Pick<MenuItemChanges, 'sold_out_until'>;
export type MenuItemWriteResult = MenuItem | 'item_not_found' | 'category_not_found';

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
  'sold_out_until',
] as const;

type MenuRow = MenuEntity & { option_groups?: MenuOptionGroupView[] };

/** A released sold-out: the item it was on and its store. */
export interface ReleasedSoldOut {
  id: number;
  store_id: string;
}

@Injectable()
export class MenuItemsRepository {
  constructor(@InjectRepository(MenuEntity) private readonly menus: Repository<MenuEntity>) {}

  /**
   * Every live (not soft-deleted) item of the store, available or not, in menu order, with its
   * option groups: one statement.
   */
  async listLive(storeId: string): Promise<MenuItem[]> {
    const rows: MenuRow[] = await this.menus.query(
      `/* query:menu.listLiveItems */ SELECT m.*, ${OPTION_GROUPS_JSON}
         FROM menus m WHERE m.store_id = $1 AND m.deleted_at IS NULL ORDER BY m.display_order, m.id`,
      [storeId],
    );
    return rows.map((row) => this.toItem(row));
  }

  async findLive(
    storeId: string,
    id: number,
    manager: EntityManager = this.menus.manager,
  ): Promise<MenuItem | null> {
    const rows: MenuRow[] = await manager.query(
      `/* query:menu.findLiveItem */ SELECT m.*, ${OPTION_GROUPS_JSON}
         FROM menus m WHERE m.id = $1 AND m.store_id = $2 AND m.deleted_at IS NULL`,
      [id, storeId],
    );
    return rows[0] ? this.toItem(rows[0]) : null;
  }

  /** Inserts into a category of the same store; a foreign category counts as missing. */
  async insert(
    manager: EntityManager,
    storeId: string,
    item: NewMenuItem,
  ): Promise<MenuItemWriteResult> {
    return this.categoryMustExist(async () => {
      const rows: MenuRow[] = await manager.query(
        `/* query:menu.insertItem */ INSERT INTO menus (store_id, category_id, name, description, price, display_order, is_available, sold_out_until)
         SELECT c.store_id, c.id, $3, $4, $5, $6, $7, $8
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
          item.sold_out_until ?? null,
        ],
      );
      return rows[0] ? this.toItem(rows[0]) : 'category_not_found';
    });
  }

  async update(
    manager: EntityManager,
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
      const rows: MenuRow[] = await manager.query(
        `/* query:menu.updateItem */ WITH updated AS (
           UPDATE menus SET ${assignments.join(', ')}
            WHERE id = $1 AND store_id = $2 AND deleted_at IS NULL ${categoryGuard}
        RETURNING *)
         SELECT m.*, ${OPTION_GROUPS_JSON} FROM updated m`,
        params,
      );
      if (rows[0]) return this.toItem(rows[0]);
      if (changes.category_id !== undefined && (await this.findLive(storeId, id, manager))) {
        return 'category_not_found';
      }
      return 'item_not_found';
    });
  }

  /** Soft delete: the row stays for order history; false when there was no live item. */
  async softDelete(manager: EntityManager, storeId: string, id: number): Promise<boolean> {
    const rows: unknown[] = await manager.query(
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
    manager: EntityManager,
    storeId: string,
    id: number,
    imagePath: string,
    thumbnailPath: string,
  ): Promise<ReplacedImages | null> {
    const rows: ReplacedImages[] = await manager.query(
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

  /**
   * Clears every sold_out_until that has passed and returns those items. Rows another instance is
   * releasing right now are skipped (SKIP LOCKED), so each passing is claimed exactly once.
   */
  releaseSoldOut(manager: EntityManager, limit: number): Promise<ReleasedSoldOut[]> {
    return manager.query(
      `/* query:menu.releaseSoldOut */ WITH released AS (
         UPDATE menus m SET sold_out_until = NULL, updated_at = now()
           FROM (SELECT id FROM menus WHERE sold_out_until <= now()
                 ORDER BY sold_out_until LIMIT $1 FOR UPDATE SKIP LOCKED) due
          WHERE m.id = due.id
      RETURNING m.id, m.store_id)
       SELECT id, store_id FROM released`,
      [limit],
    );
  }

  /** The earliest sold_out_until still ahead, in any store (null when none). */
  async nextSoldOutEnd(): Promise<Date | null> {
    const [row]: { next: Date | null }[] = await this.menus.query(
      `/* query:menu.nextSoldOutEnd */ SELECT min(sold_out_until) AS next FROM menus WHERE sold_out_until > now()`,
    );
    return row?.next ?? null;
  }

  private toItem(row: MenuRow): MenuItem {
    return Object.assign(this.menus.create(row), { option_groups: row.option_groups ?? [] });
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
