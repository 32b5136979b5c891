import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface OrderableMenu {
  id: number;
  name: string;
  price: number;
}

/** One option group of an ordered menu, with its options (available or not), in menu order. */
export interface OrderableOptionGroup {
  id: number;
  menu_id: number;
  name: string;
  min_select: number;
  max_select: number;
  options: { id: number; name: string; price_delta: number; is_available: boolean }[];
}

/** The menu rows an order snapshots (name, price, options): read here, in the ordering transaction. */
@Injectable()
export class OrderMenusRepository {
  /**
   * The requested menus that belong to the store and can be ordered now (available, not sold out
   * until a later time, not deleted), in one query.
   */
  findOrderable(
    manager: EntityManager,
    storeId: string,
    menuIds: number[],
  ): Promise<OrderableMenu[]> {
    return manager.query(
      `/* query:orders.findOrderableMenus */
       SELECT id, name, price FROM menus
       WHERE store_id = $1 AND id = ANY($2::int[]) AND is_available AND deleted_at IS NULL
         AND (sold_out_until IS NULL OR sold_out_until <= now())`,
      [storeId, menuIds],
    );
  }

  /** Every option group of these menus with its options, in one query. */
  findOptionGroups(
    manager: EntityManager,
    storeId: string,
    menuIds: number[],
  ): Promise<OrderableOptionGroup[]> {
    return manager.query(
      `/* query:orders.findOptionGroups */
       SELECT g.id, g.menu_id, g.name, g.min_select, g.max_select,
              COALESCE(json_agg(json_build_object('id', o.id, 'name', o.name,
                                  'price_delta', o.price_delta, 'is_available', o.is_available)
                                ORDER BY o.display_order, o.id) FILTER (WHERE o.id IS NOT NULL),
                       '[]'::json) AS options
       FROM menu_option_groups g LEFT JOIN menu_options o ON o.group_id = g.id
       WHERE g.store_id = $1 AND g.menu_id = ANY($2::int[])
       GROUP BY g.id
       ORDER BY g.menu_id, g.display_order, g.id`,
      [storeId, menuIds],
    );
  }
}
