import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface HourRow {
  hour: number;
  order_count: number;
  revenue: number;
}

export interface MenuSalesRow {
  menu_id: number;
  menu_name: string;
  quantity: number;
  revenue: number;
}

export interface DaySales {
  /** Only the hours that had orders, ascending. */
  by_hour: HourRow[];
  /** Revenue desc, then quantity desc, then menu_id. */
  by_menu: MenuSalesRow[];
}

@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The orders of one store-local day, `$2` (YYYY-MM-DD) in the zone `$3`, from its local
   * midnight to the next (23 or 25 hours across a DST change): live ones (`orders`, by
   * created_at) and archived ones (`order_history`, by ordered_at), each read as a range of its
   * (store_id, time) index. Deleted orders are gone from both. One statement, so one snapshot:
   * an order archived while the report runs is counted once, the same way by both aggregates.
   * A menu is reported under its current name (menus are only soft-deleted, so the row is
   * there), which is cheaper than picking the latest of the day's snapshots.
   */
  async daySales(storeId: string, day: string, timeZone: string): Promise<DaySales> {
    const [row] = await this.dataSource.query(
      `/* query:reports.daySales */
       WITH bounds AS (
         SELECT ($2::date)::timestamp AT TIME ZONE $3 AS day_start,
                ($2::date + 1)::timestamp AT TIME ZONE $3 AS day_end
       ), day_orders AS MATERIALIZED (
         SELECT o.id, o.total_amount, o.created_at AS ordered_at, NULL::jsonb AS items
         FROM bounds, orders o
         WHERE o.store_id = $1 AND o.created_at >= bounds.day_start AND o.created_at < bounds.day_end
         UNION ALL
         SELECT NULL, h.total_amount, h.ordered_at, h.items
         FROM bounds, order_history h
         WHERE h.store_id = $1 AND h.ordered_at >= bounds.day_start AND h.ordered_at < bounds.day_end
       ), lines AS (
         SELECT i.menu_id, i.menu_name, i.unit_price, i.quantity
         FROM day_orders d JOIN order_items i ON i.order_id = d.id
         WHERE d.id IS NOT NULL
         UNION ALL
         SELECT (line->>'menu_id')::int, line->>'menu_name', (line->>'unit_price')::int,
                (line->>'quantity')::int
         FROM day_orders d, jsonb_array_elements(d.items) AS line
         WHERE d.id IS NULL
       ), hours AS (
         SELECT extract(hour FROM ordered_at AT TIME ZONE $3)::int AS hour,
                count(*)::int AS order_count, sum(total_amount)::bigint AS revenue
         FROM day_orders GROUP BY 1
       ), sold AS (
         SELECT menu_id, min(menu_name) AS snapshot_name, sum(quantity)::bigint AS quantity,
                sum(unit_price::bigint * quantity)::bigint AS revenue
         FROM lines GROUP BY menu_id
       ), menus AS (
         SELECT sold.menu_id, coalesce(m.name, sold.snapshot_name) AS menu_name, sold.quantity,
                sold.revenue
         FROM sold LEFT JOIN menus m ON m.id = sold.menu_id
       )
       SELECT
         (SELECT coalesce(json_agg(hours ORDER BY hour), '[]') FROM hours) AS by_hour,
         (SELECT coalesce(json_agg(menus ORDER BY revenue DESC, quantity DESC, menu_id), '[]')
          FROM menus) AS by_menu`,
      [storeId, day, timeZone],
    );
    return row;
  }
}
