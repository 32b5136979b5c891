import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface OrderableMenu {
  id: number;
  name: string;
  price: number;
}

/** The menu rows an order snapshots (name, price): read here, in the ordering transaction. */
@Injectable()
export class OrderMenusRepository {
  /** The requested menus that belong to the store and can be ordered now, in one query. */
  findOrderable(
    manager: EntityManager,
    storeId: string,
    menuIds: number[],
  ): Promise<OrderableMenu[]> {
    return manager.query(
      `/* query:orders.findOrderableMenus */
       SELECT id, name, price FROM menus
       WHERE store_id = $1 AND id = ANY($2::int[]) AND is_available AND deleted_at IS NULL`,
      [storeId, menuIds],
    );
  }
}
